import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, tempDir, writeFiles } from "../../test/gate-fixture.js";
import schema from "./charter.config.schema.json" with { type: "json" };
import { DEFAULT_CONFIG, loadGateConfig, subjectFor } from "./config.js";

let dir: string;
beforeAll(() => {
  dir = tempDir("config");
});
afterAll(() => removeDir(dir));

/** Writes `files` into a fresh folder under the temp dir and returns it. */
let n = 0;
function folder(files: Record<string, string>): string {
  const root = join(dir, String(n++));
  writeFiles(root, { ".keep": "", ...files });
  return root;
}

describe("loadGateConfig", () => {
  it("uses the defaults when the repository has no configuration", async () => {
    expect(await loadGateConfig(folder({}))).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });

  it("reads charter.config.yaml: mappings (first match wins), levels, policies, ignore entries", async () => {
    const root = folder({
      "charter.config.yaml": [
        "level: FULL",
        "contracts:",
        "  - glob: schemas/legacy/**",
        "    format: avro",
        "    level: NONE",
        "  - glob: ['schemas/**/*.avsc', 'schemas/**/*.json']",
        "    exclude: '**/draft-*'",
        "    subject: '{name}-value'",
        "    policy: { CHANNEL_REMOVED: non-breaking }",
        "ignore:",
        "  - { rule: TYPE_MISMATCH, path: /fields/0/type, reason: 'accepted in review #12' }",
      ].join("\n"),
    });
    const loaded = await loadGateConfig(root);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const [legacy, schemas] = loaded.value.mappings!;
    expect(loaded.value).toMatchObject({ level: "FULL", allowDeletion: false, ignore: [{ rule: "TYPE_MISMATCH", path: "/fields/0/type", reason: "accepted in review #12" }] });
    expect(legacy).toMatchObject({ format: "AVRO", level: "NONE" });
    expect(legacy!.matches("schemas/legacy/a/b.txt")).toBe(true);
    expect(schemas).toMatchObject({ subject: "{name}-value", policy: { CHANNEL_REMOVED: "non-breaking" } });
    expect(schemas!.matches("schemas/orders/order.avsc")).toBe(true);
    expect(schemas!.matches("schemas/orders/draft-order.avsc")).toBe(false);
    expect(schemas!.matches("schemas/orders/order.proto")).toBe(false);
  });

  it("reads charter.config.json and an explicit --config path", async () => {
    const root = folder({ "charter.config.json": '{"allowDeletion": true}', "ci/gate.yaml": "level: FORWARD\n" });
    expect(await loadGateConfig(root)).toMatchObject({ ok: true, value: { allowDeletion: true, level: "BACKWARD" } });
    expect(await loadGateConfig(root, "ci/gate.yaml")).toMatchObject({ ok: true, value: { level: "FORWARD" } });
    expect(await loadGateConfig(root, "missing.yaml")).toMatchObject({ ok: false, error: { message: "cannot read the configuration: no such file" } });
  });

  it("refuses what the schema refuses, naming the file, line and column", async () => {
    const cases: Array<[string, RegExp, number]> = [
      ["contracts:\n  - glob: '*.avsc'\n    level: backward\n", /contracts\.0\.level: must be one of NONE, BACKWARD/, 3],
      ["ignore:\n  - rule: TYPE_MISMATCH\n    path: /fields/0\n", /ignore\.0: missing 'reason'/, 2],
      ["ignore:\n  - { rule: X, path: '', reason: '  ' }\n", /ignore\.0\.reason: must match pattern/, 2],
      ["levels: FULL\n", /the configuration: unknown key 'levels'/, 1],
      ["contracts:\n  - glob: '*.avsc'\n    subject: '{topic}-value'\n", /contracts\.0\.subject: unknown placeholder \{topic\}/, 3],
      ["contracts: [\n", /not valid YAML\/JSON/, 2],
    ];
    for (const [text, message, line] of cases) {
      const result = await loadGateConfig(folder({ "charter.config.yaml": text }));
      expect(result, text).toMatchObject({ ok: false, error: { file: "charter.config.yaml", message: expect.stringMatching(message), line } });
    }
  });

  it("ships a schema that is itself valid draft-07", () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(JSON.parse(readFileSync(new URL("./charter.config.schema.json", import.meta.url), "utf8"))).toEqual(schema);
  });
});

describe("subjectFor", () => {
  it("fills the template from the path; {path} by default", () => {
    expect(subjectFor("schemas/orders/order-placed.avsc", undefined)).toBe("schemas/orders/order-placed.avsc");
    expect(subjectFor("schemas/orders/order-placed.avsc", "{name}-value")).toBe("order-placed-value");
    expect(subjectFor("schemas/orders/order-placed.avsc", "{dir}/{file}:{ext}")).toBe("schemas/orders/order-placed.avsc:avsc");
    expect(subjectFor("Makefile", "{dir}|{name}|{ext}")).toBe(".|Makefile|");
  });
});
