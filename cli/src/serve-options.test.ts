import { describe, expect, it } from "vitest";
import { isLoopback, resolveServeSettings, SERVE_DEFAULTS } from "./serve-options.js";

describe("resolveServeSettings", () => {
  it("uses defaults, then environment, then flags", () => {
    expect(resolveServeSettings({}, {})).toEqual({ ok: true, value: SERVE_DEFAULTS });
    const env = { CHARTER_HOST: "0.0.0.0", CHARTER_PORT: "9000", CHARTER_DB: "/tmp/x.db", CHARTER_AUTH: "on", CHARTER_LOG_LEVEL: "INFO", CHARTER_METRICS: "off" };
    expect(resolveServeSettings({}, env)).toEqual({
      ok: true,
      value: { ...SERVE_DEFAULTS, host: "0.0.0.0", port: 9000, dbPath: "/tmp/x.db", auth: true, logLevel: "info", metrics: false },
    });
    expect(resolveServeSettings({ host: "::1", port: "0", db: "y.db", logLevel: "debug", tlsCert: "c.pem", tlsKey: "k.pem" }, env)).toEqual({
      ok: true,
      value: { ...SERVE_DEFAULTS, host: "::1", port: 0, dbPath: "y.db", auth: true, logLevel: "debug", metrics: false, tlsCert: "c.pem", tlsKey: "k.pem" },
    });
    expect(resolveServeSettings({}, { CHARTER_PORT: "" })).toEqual({ ok: true, value: SERVE_DEFAULTS });
    // The web UI: on by default, off with --no-ui or CHARTER_UI=off.
    expect(resolveServeSettings({ ui: false }, {})).toEqual({ ok: true, value: { ...SERVE_DEFAULTS, ui: false } });
    expect(resolveServeSettings({}, { CHARTER_UI: "off" })).toEqual({ ok: true, value: { ...SERVE_DEFAULTS, ui: false } });
    expect(resolveServeSettings({}, { CHARTER_UI: "maybe" })).toMatchObject({ ok: false, error: expect.stringContaining("CHARTER_UI") });
    expect(resolveServeSettings({ metrics: false }, {})).toMatchObject({ ok: true, value: { metrics: false } });
  });

  it("rejects ports that are not 0 … 65535, unknown levels and switch values, half a TLS pair", () => {
    for (const port of ["-1", "65536", "http", "80.5"]) {
      expect(resolveServeSettings({ port }, {}).ok).toBe(false);
    }
    expect(resolveServeSettings({ logLevel: "loud" }, {}).ok).toBe(false);
    expect(resolveServeSettings({}, { CHARTER_AUTH: "maybe" }).ok).toBe(false);
    expect(resolveServeSettings({ tlsCert: "c.pem" }, {}).ok).toBe(false);
    expect(resolveServeSettings({}, { CHARTER_TLS_KEY: "k.pem" }).ok).toBe(false);
  });

  it("refuses a non-loopback address without authentication unless anonymous access is allowed", () => {
    for (const host of ["0.0.0.0", "::", "10.1.2.3", "registry.internal"]) {
      const refused = resolveServeSettings({ host }, {});
      expect(refused.ok, host).toBe(false);
      expect(!refused.ok && refused.error).toMatch(/--auth.*--allow-anonymous/);
      expect(resolveServeSettings({ host, auth: true }, {}).ok, host).toBe(true);
      expect(resolveServeSettings({ host, allowAnonymous: true }, {}).ok, host).toBe(true);
      expect(resolveServeSettings({ host }, { CHARTER_ALLOW_ANONYMOUS: "true" }).ok, host).toBe(true);
    }
    for (const host of ["127.0.0.1", "127.9.9.9", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) {
      expect(isLoopback(host), host).toBe(true);
      expect(resolveServeSettings({ host }, {}).ok, host).toBe(true);
    }
  });

  it("reads the limits, workers and CORS origins from flags over the environment", () => {
    const env = { CHARTER_MAX_SCHEMA_BYTES: "2048", CHARTER_MAX_DEPTH: "64", CHARTER_BUDGET_MS: "1500", CHARTER_WORKERS: "0", CHARTER_CORS_ORIGINS: "https://a.example, https://b.example" };
    expect(resolveServeSettings({}, env)).toEqual({
      ok: true,
      value: { ...SERVE_DEFAULTS, limits: { maxSchemaBytes: 2048, maxDepth: 64, budgetMs: 1500 }, workers: 0, corsOrigins: ["https://a.example", "https://b.example"] },
    });
    const flags = { maxSchemaBytes: "4096", maxNodes: "1000", maxPatternLength: "100", budgetMs: "250", workers: "2", corsOrigins: "*" };
    expect(resolveServeSettings(flags, env)).toEqual({
      ok: true,
      value: { ...SERVE_DEFAULTS, limits: { maxSchemaBytes: 4096, maxDepth: 64, maxNodes: 1000, maxPatternLength: 100, budgetMs: 250 }, workers: 2, corsOrigins: ["*"] },
    });
  });

  it("rejects limits that are not positive integers and worker counts outside 0 … 64", () => {
    for (const maxDepth of ["0", "-1", "1.5", "deep"]) {
      const r = resolveServeSettings({ maxDepth }, {});
      expect(r.ok ? "" : r.error).toMatch(/--max-depth/);
    }
    expect(resolveServeSettings({}, { CHARTER_BUDGET_MS: "0" }).ok).toBe(false);
    for (const workers of ["65", "-1", "x"]) expect(resolveServeSettings({ workers }, {}).ok).toBe(false);
  });
});
