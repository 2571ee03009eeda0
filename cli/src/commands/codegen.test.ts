import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCodegen } from "./codegen.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../../codegen/test/fixtures/${name}`, import.meta.url));
const out = mkdtempSync(join(tmpdir(), "charter-cli-codegen-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("charter codegen", () => {
  it("writes the package for a file with its history, and the same bytes again", async () => {
    const flags = { out, packageName: "@acme/orders", history: [fixture("orders.v1.asyncapi.yaml")] };
    const first = await runCodegen(fixture("orders.asyncapi.yaml"), flags);
    expect(first).toMatchObject({ exitCode: 0, stderr: "" });
    expect(first.stdout).toContain("@acme/orders: 5 operation(s), 6 message(s), 3 upcaster step(s) (1 to write by hand)");
    const types = readFileSync(join(out, "src/types.ts"), "utf8");
    expect(types).toContain("export interface OrderCreated {");
    const again = await runCodegen(fixture("orders.asyncapi.yaml"), flags);
    expect(again.stdout).toContain("kept 1 hand-written file(s)");
    expect(readFileSync(join(out, "src/types.ts"), "utf8")).toBe(types);
    expect(existsSync(join(out, "src/upcasters/order-cancelled-v1-to-v2.ts"))).toBe(true);
  });

  it("fails with exit code 2 and a message for bad input", async () => {
    expect(await runCodegen(undefined, { out })).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("give an AsyncAPI file") });
    expect(await runCodegen(fixture("orders.asyncapi.yaml"), {})).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("--out") });
    expect(await runCodegen(fixture("nope.yaml"), { out })).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("no such file") });
    expect(await runCodegen(fixture("orders.asyncapi.yaml"), { out, longs: "huge" })).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("--longs") });
    expect(await runCodegen(undefined, { out, registry: "http://127.0.0.1:9", subject: "s" })).toMatchObject({ exitCode: 2, stderr: expect.stringContaining("unreachable") });
  });
});
