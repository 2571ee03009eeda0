/**
 * The web UI end to end: Debian's Chromium driven by playwright-core against a registry with authentication on,
 * seeded from the shared corpus (../shared/corpus). One browser, one registry. Walks what issue 14 asks: browse,
 * search, open a subject, diff two versions with a violation on its line, try a breaking change and see it
 * refused, register a compatible one, the AsyncAPI view, and a read-only user who sees no write controls.
 * Writes a screenshot of each page to docs/ui/ (linked from docs/ui.md).
 *
 * Chromium: /usr/bin/chromium (CHROMIUM_PATH to override; `apt-get install -y chromium`). With CI=true a missing
 * Chromium fails the file, otherwise it is skipped with that hint.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { addUser, openStorage, startRegistry, type RunningRegistry } from "@charter/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CORPUS = process.env.CHARTER_CORPUS ?? join(ROOT, "..", "shared", "corpus");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = join(ROOT, "docs", "ui");
const UI_DIST = join(ROOT, "registry", "ui-dist");
const UI_SRC = join(ROOT, "ui");

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI === "true") throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium`);
if (!existsSync(CORPUS) && process.env.CI === "true") throw new Error(`The shared corpus is missing at ${CORPUS}`);
const runnable = haveChromium && existsSync(CORPUS);

// Newest modification time under a directory (the UI sources), to rebuild a stale build before testing it.
function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const full = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return t;
}

const corpus = (path: string) => readFileSync(join(CORPUS, path), "utf8");
// kafka-streams-examples' payment.avsc holds one record in a union; the subject takes the record, one field a line.
const payment = (JSON.parse(corpus("avro/kafka-streams-examples/io/confluent/examples/streams/microservices/payment.avsc")) as Record<string, unknown>[])[0]!;
const paymentFields = payment.fields as Record<string, unknown>[];
const avro = (fields: Record<string, unknown>[]) => JSON.stringify({ ...payment, fields }, null, 2);
const PAYMENT_V1 = avro(paymentFields);
const PAYMENT_V2 = avro([...paymentFields, { name: "status", type: "string", default: "NEW" }]);
// v3 adds a field without a default: data written with v2 cannot be read (READER_FIELD_MISSING_DEFAULT_VALUE).
const PAYMENT_V3 = avro([...paymentFields, { name: "status", type: "string", default: "NEW" }, { name: "merchant", type: "string" }]);

let dir: string;
let registry: RunningRegistry;
let browser: Browser;
// Uncaught errors of every page: none is expected.
const pageErrors: string[] = [];
const secrets: Record<string, string> = {};

async function call(method: string, path: string, body?: unknown, user = "admin"): Promise<{ status: number; body: unknown }> {
  const res = await fetch(registry.url + path, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${user}:${secrets[user]}`).toString("base64")}`,
      ...(body !== undefined ? { "content-type": "application/vnd.schemaregistry.v1+json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function register(subject: string, schema: string, schemaType?: string): Promise<void> {
  const res = await call("POST", `/subjects/${encodeURIComponent(subject)}/versions`, { schema, ...(schemaType ? { schemaType } : {}) });
  if (res.status !== 200) throw new Error(`seeding ${subject}: ${res.status} ${JSON.stringify(res.body)}`);
}

// Registers a version the level would refuse (NONE for the moment), so the history holds a breaking change.
async function registerBreaking(subject: string, schema: string, schemaType?: string): Promise<void> {
  await call("PUT", `/config/${subject}`, { compatibility: "NONE" });
  await register(subject, schema, schemaType);
  await call("PUT", `/config/${subject}`, { compatibility: "BACKWARD" });
}

async function seed(): Promise<void> {
  await register("payments-value", PAYMENT_V1);
  await register("payments-value", PAYMENT_V2);
  await registerBreaking("payments-value", PAYMENT_V3);
  await register("orders-value", corpus("avro/kafka-streams-examples/io/confluent/examples/streams/microservices/order.avsc"));
  for (const name of ["pageview", "userprofile", "song", "playevent"]) {
    await register(`${name}-value`, corpus(`avro/kafka-streams-examples/io/confluent/examples/streams/${name}.avsc`));
  }
  const cloudevents = readdirSync(join(CORPUS, "jsonschema/cloudevents")).find((f) => f.endsWith(".json"));
  if (cloudevents !== undefined) await register("cloudevents-json-value", corpus(`jsonschema/cloudevents/${cloudevents}`), "JSON");
  await register("cloudevents-proto-value", corpus("protobuf/cloudevents/cloudevents.proto"), "PROTOBUF");
  const streetlights = corpus("asyncapi/spec-examples-3.0.0/streetlights-kafka-asyncapi.yml");
  await register("streetlights", streetlights, "ASYNCAPI");
  // v2 changes `lumens` from integer to string in a payload the application receives: it breaks the application.
  const changed = streetlights.replace(/(lumens:\s*\n\s*type:\s*)integer/, "$1string");
  if (changed === streetlights) throw new Error("streetlights: the lumens field was not found in the corpus document");
  await registerBreaking("streetlights", changed, "ASYNCAPI");
  await call("PUT", "/config/song-value", { compatibility: "FULL" });
  await register("retired-value", PAYMENT_V1);
  await call("DELETE", "/subjects/retired-value");
}

beforeAll(async () => {
  if (!runnable) return;
  if (!existsSync(join(UI_DIST, "index.html")) || statSync(join(UI_DIST, "index.html")).mtimeMs < newest(join(UI_SRC, "src"))) {
    execFileSync("npm", ["run", "build", "-w", "@charter/ui"], { cwd: ROOT, stdio: "ignore" });
  }
  dir = mkdtempSync(join(tmpdir(), "charter-ui-e2e-"));
  const dbPath = join(dir, "charter.db");
  const storage = await openStorage(dbPath);
  secrets.admin = (await addUser(storage, "admin", "admin")).secret;
  secrets.viewer = (await addUser(storage, "viewer", "read")).secret;
  await storage.close();
  registry = await startRegistry({ host: "127.0.0.1", port: 0, dbPath, logger: false, auth: true, workers: 1 });
  await seed();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await registry?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  // The machine may be busy (CI runs every test file at once): wait longer than Playwright's 30 s default.
  page.setDefaultTimeout(45_000);
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function signIn(context: BrowserContext, user: string): Promise<Page> {
  const page = await newPage(context);
  await page.goto(registry.url + "/", { waitUntil: "domcontentloaded" });
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Secret").fill(secrets[user]!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("subjects").waitFor();
  return page;
}

// The text of the editor line carrying a lint error (a violation pinned there), in the given container.
async function markedLines(page: Page, container: string): Promise<string[]> {
  const lines = page.locator(`${container} .cm-line:has(.cm-lintRange-error)`);
  await lines.first().waitFor();
  return lines.allTextContents();
}

// Replaces the text of the CodeMirror editor inside `testId` as a user would: select all, type.
async function replaceText(page: Page, testId: string, text: string): Promise<void> {
  const content = page.getByTestId(testId).locator(".cm-content");
  await content.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
}

describe.skipIf(!runnable)("the web UI in Chromium", () => {
  let page: Page;
  let admin: BrowserContext;

  it("sends a browser from / to the sign-in form, then lists the subjects with counts", async () => {
    admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    const login = await newPage(admin);
    await login.goto(registry.url + "/", { waitUntil: "domcontentloaded" });
    await login.getByRole("heading", { name: "Sign in to the registry" }).waitFor();
    expect(new URL(login.url()).pathname).toBe("/ui/");
    await shot(login, "login");
    await login.close();
    page = await signIn(admin, "admin");
    const subjects = (await call("GET", "/subjects")).body as string[];
    const rows = page.getByTestId("subjects").locator("tbody tr a");
    await expect.poll(() => rows.allTextContents()).toEqual(subjects);
    expect(await page.getByTestId("counts").textContent()).toMatch(new RegExp(`${subjects.length} of ${subjects.length} subjects.*AVRO.*ASYNCAPI 1`));
    await shot(page, "subjects");
  });

  it("searches by substring and prefix, and filters by type", async () => {
    const subjects = (await call("GET", "/subjects")).body as string[];
    await page.getByLabel("Search").fill("value");
    await expect.poll(() => page.getByTestId("subjects").locator("tbody tr a").allTextContents()).toEqual(subjects.filter((s) => s.includes("value")));
    await page.getByLabel("Search").fill("pay");
    await expect.poll(() => page.getByTestId("subjects").locator("tbody tr a").allTextContents()).toEqual(["payments-value"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("pay");
    await page.getByLabel("Match").selectOption("prefix");
    await page.getByLabel("Search").fill("value");
    await expect.poll(() => page.getByTestId("subjects").locator("tbody tr").textContent()).toMatch(/No subject matches/);
    await page.getByLabel("Search").fill("");
    await page.getByLabel("Schema type").selectOption("ASYNCAPI");
    await expect.poll(() => page.getByTestId("subjects").locator("tbody tr a").allTextContents()).toEqual(["streetlights"]);
    await page.getByLabel("Schema type").selectOption("");
    await page.getByLabel("Compatibility").selectOption("FULL");
    await expect.poll(() => page.getByTestId("subjects").locator("tbody tr a").allTextContents()).toEqual(["song-value"]);
    await page.getByLabel("Compatibility").selectOption("");
    // Soft-deleted subjects only on request, marked.
    expect(await page.getByRole("link", { name: "retired-value" }).count()).toBe(0);
    await page.getByLabel("Show soft-deleted").check();
    await page.getByLabel("Search").fill("i");
    await expect.poll(() => page.getByTestId("subjects").locator("tr.deleted a").allTextContents()).toEqual(["retired-value"]);
    expect(await page.getByTestId("counts").textContent()).toMatch(/deleted 1/);
    await shot(page, "subjects-filtered");
    await page.getByLabel("Show soft-deleted").uncheck();
  });

  it("opens a subject: versions timeline, schema, level", async () => {
    await page.getByLabel("Search").fill("payments");
    await page.waitForURL(/[?&]q=payments/);
    await page.getByRole("link", { name: "payments-value" }).click();
    await page.getByRole("heading", { name: /payments-value/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/ui/subjects/payments-value");
    await expect.poll(() => page.getByRole("complementary", { name: "Versions" }).locator("li a").allTextContents()).toEqual(["v3", "v2", "v1"]);
    await expect.poll(() => page.getByTestId("level").textContent()).toBe("BACKWARD");
    await expect.poll(() => page.getByTestId("schema").locator(".cm-content").textContent()).toContain('"merchant"');
    // Admins may change the level.
    await expect.poll(() => page.getByRole("button", { name: "Save level" }).count()).toBe(1);
    await shot(page, "subject");
  });

  it("diffs two versions and pins the violation to its line on both sides", async () => {
    await page.getByRole("link", { name: "Diff v2 → v3" }).click();
    await page.getByTestId("verdict").waitFor();
    expect(new URL(page.url()).pathname).toBe("/ui/subjects/payments-value/versions/3/diff/2");
    expect(await page.getByTestId("verdict").textContent()).toMatch(/Incompatible under BACKWARD/);
    const violation = page.getByTestId("violations").locator(".violation").first();
    expect(await violation.textContent()).toMatch(/READER_FIELD_MISSING_DEFAULT_VALUE at \/fields\/5/);
    // The right (new) side marks the line of the new field; the left side has no such field, so its parent.
    const line = PAYMENT_V3.split("\n").findIndex((l) => l.includes('"name": "merchant"'));
    expect(await violation.getAttribute("data-line")).toBe(String(line)); // the line opening the field: `{`
    // The whole field is marked, from its `{`.
    const marked = await markedLines(page, ".cm-merge-b");
    expect(marked[0]).toBe(PAYMENT_V3.split("\n")[line - 1]);
    expect(marked.join("\n")).toContain('"name": "merchant"');
    expect(marked.join("\n")).not.toContain('"name": "status"');
    expect((await page.locator(".cm-merge-b .cm-changedLine").count()) > 0).toBe(true);
    await shot(page, "diff");
    // A shared deep link opens that page (after signing in: credentials are kept per tab).
    const deep = await newPage(admin);
    await deep.goto(`${registry.url}/ui/subjects/payments-value/versions/2/diff/1`, { waitUntil: "domcontentloaded" });
    await deep.getByLabel("User name").fill("admin");
    await deep.getByLabel("Secret").fill(secrets.admin!);
    await deep.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => deep.getByTestId("verdict").textContent()).toMatch(/Compatible under BACKWARD/);
    await deep.close();
  });

  it("refuses a breaking change with the violation on its line, then registers a compatible one", async () => {
    await page.goto(`${registry.url}/ui/subjects/payments-value/try`, { waitUntil: "domcontentloaded" });
    await page.getByTestId("proposed").locator(".cm-content").waitFor();
    const breaking = avro([...paymentFields, { name: "status", type: "string", default: "NEW" }, { name: "merchant", type: "string" }, { name: "channel", type: "string" }]);
    await replaceText(page, "proposed", breaking);
    await page.getByRole("button", { name: "Check compatibility" }).click();
    await expect.poll(() => page.getByTestId("verdict").textContent()).toMatch(/Refused under BACKWARD: 1 violation/);
    const line = breaking.split("\n").findIndex((l) => l.includes('"name": "channel"'));
    expect(await page.getByTestId("violations").locator(".violation").first().getAttribute("data-line")).toBe(String(line));
    const marked = await markedLines(page, '[data-testid="proposed"]');
    expect(marked[0]).toBe(breaking.split("\n")[line - 1]);
    expect(marked.join("\n")).toContain('"name": "channel"');
    expect(marked.join("\n")).not.toContain('"name": "merchant"');
    expect(await page.getByTestId("register").isDisabled()).toBe(true);
    await shot(page, "try-refused");

    const compatible = avro([...paymentFields, { name: "status", type: "string", default: "NEW" }, { name: "merchant", type: "string" }, { name: "channel", type: "string", default: "web" }]);
    await replaceText(page, "proposed", compatible);
    await page.getByRole("button", { name: "Check compatibility" }).click();
    await expect.poll(() => page.getByTestId("verdict").textContent()).toMatch(/Compatible under BACKWARD/);
    await page.getByTestId("register").click();
    await expect.poll(() => page.getByTestId("verdict").textContent()).toMatch(/Registered as version 4/);
    await shot(page, "try-registered");
    expect((await call("GET", "/subjects/payments-value/versions")).body).toEqual([1, 2, 3, 4]);
    expect(JSON.parse(((await call("GET", "/subjects/payments-value/versions/4")).body as { schema: string }).schema)).toEqual(JSON.parse(compatible));
  });

  it("shows an AsyncAPI document: operations, payload tables, derived subjects, the verdict in words", async () => {
    await page.goto(`${registry.url}/ui/subjects/streetlights/asyncapi`, { waitUntil: "domcontentloaded" });
    await page.getByTestId("operations").waitFor();
    const ops = await page.getByTestId("operations").locator("tbody tr").allTextContents();
    expect(ops.some((r) => /receiveLightMeasurement.*receive.*lightingMeasured/.test(r))).toBe(true);
    expect(ops.some((r) => /turnOn.*send.*lightTurnOn/.test(r))).toBe(true);
    const measured = page.getByRole("article", { name: "Message lightMeasured payload" });
    expect(await measured.locator("tbody").textContent()).toMatch(/lumens/);
    expect(await measured.getByRole("link").first().textContent()).toMatch(/^streetlights\..*lightMeasured-value/);
    expect(await page.getByTestId("asyncapi-verdict").textContent()).toMatch(/This application can no longer read lightMeasured on lightingMeasured as producers already send it/);
    await shot(page, "asyncapi");
  });

  it("has a dark theme", async () => {
    await page.goto(`${registry.url}/ui/subjects/payments-value/versions/4/diff/3`, { waitUntil: "domcontentloaded" });
    await page.getByTestId("verdict").waitFor();
    await page.getByRole("button", { name: /Switch to dark theme/ }).click();
    await page.locator('html[data-theme="dark"]').waitFor({ state: "attached" });
    expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
    await shot(page, "diff-dark");
  });

  it("shows a read-only user no write controls", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const viewer = await signIn(context, "viewer");
    expect(await viewer.getByTestId("who").textContent()).toMatch(/viewer · read/);
    await viewer.getByLabel("Search").fill("payments");
    // The search applies after a 150 ms debounce: click once the filtered list is in the address bar.
    await viewer.waitForURL(/[?&]q=payments/);
    await viewer.getByRole("link", { name: "payments-value" }).click();
    await viewer.getByTestId("level").waitFor();
    expect(await viewer.getByRole("button", { name: "Save level" }).count()).toBe(0);
    expect(await viewer.getByRole("combobox", { name: "Level" }).count()).toBe(0);
    await shot(viewer, "read-only-subject");
    await viewer.getByRole("link", { name: "Try a change" }).click();
    await viewer.getByRole("button", { name: "Check compatibility" }).click();
    await expect.poll(() => viewer.getByTestId("verdict").textContent()).toMatch(/Compatible under BACKWARD/);
    expect(await viewer.getByTestId("register").count()).toBe(0);
    expect(await viewer.getByRole("button", { name: /Register/ }).count()).toBe(0);
    await shot(viewer, "read-only-try");
    await context.close();
    await admin.close();
    expect(pageErrors).toEqual([]);
  });
});
