import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../auth/users.js";
import { buildRegistry } from "../build-registry.js";
import { SqliteStorage } from "../storage/sqlite-storage.js";
import { IMMUTABLE, REVALIDATE } from "./ui.js";

// A build as Vite lays it out (index.html, hashed assets) with the .br/.gz copies precompress.mjs writes.
const INDEX = `<!doctype html><html><head><script type="module" src="/ui/assets/index-AbC123.js"></script></head><body><div id="app"></div></body></html>`;
const SCRIPT = `console.log(${JSON.stringify("charter ".repeat(200))});\n`;

let dir: string;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "charter-ui-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), INDEX);
  writeFileSync(join(dir, "assets", "index-AbC123.js"), SCRIPT);
  writeFileSync(join(dir, "assets", "index-AbC123.js.br"), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, "assets", "index-AbC123.js.gz"), gzipSync(SCRIPT));
  app = await buildRegistry({ workers: 0, ui: dir });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the web UI at /ui", () => {
  it("serves hashed assets as immutable, pre-compressed with Brotli or gzip as the client accepts", async () => {
    const br = await app.inject({ method: "GET", url: "/ui/assets/index-AbC123.js", headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.statusCode).toBe(200);
    expect(br.headers["cache-control"]).toBe(IMMUTABLE);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    const gz = await app.inject({ method: "GET", url: "/ui/assets/index-AbC123.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const plain = await app.inject({ method: "GET", url: "/ui/assets/index-AbC123.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(SCRIPT);
  });

  it("answers index.html, revalidated, for /ui and every deep link; a missing asset is 404", async () => {
    for (const url of ["/ui", "/ui/", "/ui/subjects/orders-value/versions/3/diff/2", "/ui/subjects/a%2Fb/try"]) {
      const res = await app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/text\/html/);
      expect(res.headers["cache-control"]).toBe(REVALIDATE);
      expect(res.body).toBe(INDEX);
    }
    const missing = await app.inject({ method: "GET", url: "/ui/assets/index-Old999.js" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error_code: 404 });
  });

  it("redirects browsers from / to the UI; clients still get {}", async () => {
    const browser = await app.inject({ method: "GET", url: "/", headers: { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(browser.statusCode).toBe(302);
    expect(browser.headers.location).toBe("/ui/");
    expect(browser.headers.vary).toMatch(/accept/i);
    for (const accept of [undefined, "application/vnd.schemaregistry.v1+json", "*/*", "application/json, text/plain"]) {
      const client = await app.inject({ method: "GET", url: "/", ...(accept !== undefined ? { headers: { accept } } : {}) });
      expect(client.statusCode, accept).toBe(200);
      expect(client.json()).toEqual({});
    }
  });

  it("is off with ui: false (and / answers {} to browsers too)", async () => {
    const off = await buildRegistry({ workers: 0, ui: false });
    try {
      expect((await off.inject({ method: "GET", url: "/ui/" })).statusCode).toBe(404);
      expect((await off.inject({ method: "GET", url: "/", headers: { accept: "text/html" } })).json()).toEqual({});
    } finally {
      await off.close();
    }
  });

  it("without a build, says how to build it", async () => {
    const empty = mkdtempSync(join(tmpdir(), "charter-ui-empty-"));
    const none = await buildRegistry({ workers: 0, ui: empty });
    try {
      const res = await none.inject({ method: "GET", url: "/ui/subjects" });
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toMatch(/npm run build -w @charter\/ui/);
    } finally {
      await none.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("with authentication on, the UI's files are public and the API still needs credentials", async () => {
    const authDir = mkdtempSync(join(tmpdir(), "charter-ui-auth-"));
    const storage = SqliteStorage.open({ path: join(authDir, "r.db") });
    const { secret } = await addUser(storage, "viewer", "read");
    const secured = await buildRegistry({ workers: 0, ui: dir, storage, auth: true });
    try {
      expect((await secured.inject({ method: "GET", url: "/", headers: { accept: "text/html" } })).statusCode).toBe(302);
      expect((await secured.inject({ method: "GET", url: "/ui/subjects/x" })).statusCode).toBe(200);
      expect((await secured.inject({ method: "GET", url: "/ui/assets/index-AbC123.js" })).statusCode).toBe(200);
      expect((await secured.inject({ method: "GET", url: "/subjects" })).statusCode).toBe(401);
      const me = await secured.inject({ method: "GET", url: "/v1/auth/me", headers: { authorization: `Basic ${Buffer.from(`viewer:${secret}`).toString("base64")}` } });
      expect(me.json()).toMatchObject({ auth: true, user: "viewer", role: "read" });
    } finally {
      await secured.close();
      rmSync(authDir, { recursive: true, force: true });
    }
  });
});
