import { describe, expect, it } from "vitest";
import { FILE_RULES, isBufBuiltinRule, WIRE_JSON_RULES } from "./buf-categories.js";
import { bufBreakingRules, DEFAULT_BUF_BREAKING, parseBufYaml } from "./buf-yaml.js";

const parsed = (text: string) => {
  const r = parseBufYaml(text);
  if (!r.ok) throw new Error(`unexpected error: ${r.error.message}`);
  return r.value;
};

describe("parseBufYaml", () => {
  it("v1: one module at the file's directory; no breaking section means buf's default, FILE", () => {
    const yaml = parsed("version: v1\nbuild:\n  excludes: [vendor/]\n");
    expect(yaml).toEqual({ version: "v1", modules: [{ path: ".", roots: ["."], includes: [], excludes: ["vendor"], breaking: DEFAULT_BUF_BREAKING }], plugins: [], policies: [] });
    expect(bufBreakingRules("v1", yaml.modules[0]!.breaking)).toContain("FILE_NO_DELETE");
  });

  it("v1beta1: several roots; excludes are relative to each root", () => {
    const yaml = parsed("version: v1beta1\nbuild:\n  roots: [proto, ./vendor/proto/]\n  excludes: [internal]\n");
    expect(yaml.modules[0]).toMatchObject({ roots: ["proto", "vendor/proto"], excludes: ["proto/internal", "vendor/proto/internal"] });
  });

  it("v2: modules with paths; the top-level breaking applies to modules without their own; ignore paths become module-relative", () => {
    const yaml = parsed(
      [
        "version: v2",
        "modules:",
        "  - path: proto/a",
        "    excludes: [proto/a/tmp]",
        "  - path: proto/b",
        "    breaking:",
        "      use: [WIRE_JSON]",
        "      ignore: [proto/b/legacy]",
        "breaking:",
        "  use: [FILE]",
        "  except: [FIELD_SAME_JSON_NAME]",
        "  ignore: [proto/a/old.proto, proto/b/legacy]",
        "  ignore_only:",
        "    FIELD_NO_DELETE: [proto/a/events]",
        "  ignore_unstable_packages: true",
      ].join("\n"),
    );
    const [a, b] = yaml.modules;
    // The workspace-wide section's paths of the other module are dropped, not refused.
    expect(a).toEqual({
      path: "proto/a",
      roots: ["proto/a"],
      includes: [],
      excludes: ["proto/a/tmp"],
      breaking: { use: ["FILE"], except: ["FIELD_SAME_JSON_NAME"], ignore: ["old.proto"], ignoreOnly: { FIELD_NO_DELETE: ["events"] }, ignoreUnstablePackages: true, disableBuiltin: false },
    });
    expect(b!.breaking).toEqual({ use: ["WIRE_JSON"], except: [], ignore: ["legacy"], ignoreOnly: {}, ignoreUnstablePackages: false, disableBuiltin: false });
  });

  it("v2 plugins and policies: plugin rule ids are accepted only when a plugin is configured; disable_builtin keeps only them", () => {
    const text = "version: v2\nbreaking:\n  use: [FILE, SERVICE_SUFFIXES_NO_CHANGE]\n  disable_builtin: true\nplugins:\n  - plugin: buf-plugin-suffix\n    options: { service_no_change_suffixes: [Legacy] }\npolicies:\n  - policy: buf.policy.yaml\n  - policy: buf.build/acme/policy\n";
    const yaml = parsed(text);
    expect(yaml.plugins).toEqual(["buf-plugin-suffix"]);
    expect(yaml.policies).toEqual(["buf.policy.yaml", "buf.build/acme/policy"]);
    expect(yaml.modules[0]!.breaking).toMatchObject({ use: ["FILE", "SERVICE_SUFFIXES_NO_CHANGE"], disableBuiltin: true });
    expect(bufBreakingRules("v2", yaml.modules[0]!.breaking)).toEqual(["SERVICE_SUFFIXES_NO_CHANGE"]);
    expect(isBufBuiltinRule("SERVICE_SUFFIXES_NO_CHANGE")).toBe(false);
    expect(isBufBuiltinRule("FIELD_SAME_JSTYPE")).toBe(true);
    const without = parseBufYaml("version: v2\nbreaking:\n  use: [SERVICE_SUFFIXES_NO_CHANGE]\n");
    expect(without.ok).toBe(false);
  });

  it("v2 without modules: one module at the workspace root", () => {
    expect(parsed("version: v2\n").modules).toEqual([{ path: ".", roots: ["."], includes: [], excludes: [], breaking: DEFAULT_BUF_BREAKING }]);
  });

  it("refuses what buf refuses, naming the key and its line", () => {
    const cases: Array<[string, RegExp, number | undefined]> = [
      ["version: v3\n", /version must be v1beta1, v1 or v2, not "v3"/, 1],
      ["build: {}\n", /it is missing/, undefined],
      ["version: v1\nbreaking:\n  use: [FILE, NOT_A_RULE]\n", /breaking\.use: unknown buf rule or category "NOT_A_RULE"/, 3],
      ["version: v1\nbreaking:\n  use: [CSR]\n", /CSR category needs version: v2/, 3],
      ["version: v2\nmodules:\n  - path: a\n  - path: b\n    breaking:\n      ignore: [a/x.proto]\n", /modules\.1\.breaking\.ignore: "a\/x\.proto" is not a path inside the module/, 6],
      ["version: v2\nmodules:\n  - path: ../elsewhere\n", /must be a directory inside the workspace/, 3],
      ["version: v1\nbreaking:\n  ignore: not-a-list\n", /breaking\.ignore must be a list of strings/, 3],
    ];
    for (const [text, message, line] of cases) {
      const r = parseBufYaml(text);
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.error.code, text).toBe("SCHEMA_INVALID");
      expect(r.error.message, text).toMatch(message);
      expect(r.error.line, text).toBe(line);
    }
    const syntax = parseBufYaml("version: v1\nbreaking: [unclosed\n");
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.error).toMatchObject({ code: "SCHEMA_SYNTAX" });
  });
});

describe("bufBreakingRules", () => {
  it("expands categories for the version, takes `except` out, replaces deprecated ids", () => {
    const fileOnly = bufBreakingRules("v2", { ...DEFAULT_BUF_BREAKING, use: ["FILE"], except: ["FILE_NO_DELETE", "WIRE"] });
    expect(fileOnly).not.toContain("FILE_NO_DELETE");
    expect(fileOnly).not.toContain("FIELD_SAME_DEFAULT"); // in WIRE, so excepted
    expect(fileOnly).toContain("MESSAGE_NO_DELETE");
    expect(fileOnly.length).toBeLessThan(FILE_RULES.length);
    expect(bufBreakingRules("v2", { ...DEFAULT_BUF_BREAKING, use: ["WIRE_JSON"] })).toEqual([...WIRE_JSON_RULES].sort());
    // v1 has no FIELD_SAME_DEFAULT; FIELD_SAME_LABEL is run as the cardinality rules.
    expect(bufBreakingRules("v1", { ...DEFAULT_BUF_BREAKING, use: ["WIRE"] })).not.toContain("FIELD_SAME_DEFAULT");
    expect(bufBreakingRules("v1", { ...DEFAULT_BUF_BREAKING, use: ["FIELD_SAME_LABEL"] })).toEqual(["FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"]);
    const csr = bufBreakingRules("v2", { ...DEFAULT_BUF_BREAKING, use: ["CSR"] });
    expect(csr).toEqual(expect.arrayContaining(["FILE_NO_DELETE", "FIELD_SAME_TYPE", "ONEOF_NO_DELETE", "FIELD_SAME_JSON_NAME"]));
    expect(csr).not.toContain("FILE_SAME_GO_PACKAGE");
  });
});
