import { describe, expect, it } from "vitest";
import { resolveServeSettings, SERVE_DEFAULTS } from "./serve-options.js";

describe("resolveServeSettings", () => {
  it("uses defaults, then environment, then flags", () => {
    expect(resolveServeSettings({}, {})).toEqual({ ok: true, value: SERVE_DEFAULTS });
    const env = { CHARTER_HOST: "0.0.0.0", CHARTER_PORT: "9000", CHARTER_DB: "/tmp/x.db" };
    expect(resolveServeSettings({}, env)).toEqual({ ok: true, value: { host: "0.0.0.0", port: 9000, dbPath: "/tmp/x.db" } });
    expect(resolveServeSettings({ host: "::1", port: "0", db: "y.db" }, env)).toEqual({
      ok: true,
      value: { host: "::1", port: 0, dbPath: "y.db" },
    });
    expect(resolveServeSettings({}, { CHARTER_PORT: "" })).toEqual({ ok: true, value: SERVE_DEFAULTS });
  });

  it("rejects ports that are not 0 … 65535", () => {
    for (const port of ["-1", "65536", "http", "80.5"]) {
      expect(resolveServeSettings({ port }, {}).ok).toBe(false);
    }
  });
});
