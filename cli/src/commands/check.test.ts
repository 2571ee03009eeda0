import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliContext } from "../cli-context.js";
import { main } from "../main.js";

const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
const CORPUS = resolve(ROOT, "../shared/corpus");
const WIKIFEED = join(CORPUS, "avro/kafka-streams-examples/io/confluent/examples/streams/wikifeed.avsc");
const STREETLIGHTS = join(CORPUS, "asyncapi/spec-examples-3.0.0/streetlights-kafka-asyncapi.yml");
const SOCIAL_MEDIA = join(CORPUS, "asyncapi/spec-examples-2.6.0/social-media");
const OTEL = join(CORPUS, "protobuf/opentelemetry-proto");
const TRACE = "opentelemetry/proto/trace/v1/trace.proto";
const COMMON = "opentelemetry/proto/common/v1/common.proto";

interface Run {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `charter check …args` in-process through a recording {@link CliContext}. */
async function check(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  let code: number | undefined;
  const context: CliContext = {
    env: {},
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    exit: (c) => (code ??= c),
    onSignal: () => {},
  };
  try {
    await main(["node", "charter", "check", ...args], context);
  } catch (e) {
    // Commander errors (unknown option, --help) are thrown after the context recorded the exit code.
    if (!(e instanceof CommanderError)) throw e;
  }
  return { code, stdout, stderr };
}

const json = (run: Run): unknown => JSON.parse(run.stdout);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "charter-check-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` under the temp dir (creating folders) and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A copy of a corpus file or folder in the temp dir, edited by `edit` (path → new text) when given. */
function copy(from: string, to: string, edit?: { readonly path: string; readonly replace: readonly [string, string] }): string {
  const target = join(dir, to);
  cpSync(from, target, { recursive: true });
  if (edit) {
    const path = join(target, edit.path);
    const text = readFileSync(path, "utf8");
    expect(text).toContain(edit.replace[0]);
    writeFileSync(path, text.replace(edit.replace[0], edit.replace[1]));
  }
  return target;
}

describe("charter check: Avro", () => {
  const wikifeed = JSON.parse(readFileSync(WIKIFEED, "utf8")) as { fields: unknown[] };
  const withFields = (fields: unknown[]) => JSON.stringify({ ...wikifeed, fields }, null, 2);

  it("passes an added field with a default, exit 0", async () => {
    const next = file("avro/added-default.avsc", withFields([...wikifeed.fields, { name: "lang", type: "string", default: "en" }]));
    const run = await check(next, "--against", WIKIFEED);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^COMPATIBLE: .*added-default\.avsc can replace .*wikifeed\.avsc at BACKWARD \(AVRO\)\n$/);
  });

  it("refuses an added field without a default under BACKWARD (exit 1), not under FORWARD", async () => {
    const next = file("avro/added.avsc", withFields([...wikifeed.fields, { name: "lang", type: "string" }]));
    const backward = await check(next, "--against", WIKIFEED);
    expect(backward.code).toBe(1);
    expect(backward.stdout).toMatch(/^INCOMPATIBLE: .* breaks BACKWARD compatibility with .* \(AVRO\): 1 violation\n/);
    expect(backward.stdout).toContain("[backward] READER_FIELD_MISSING_DEFAULT_VALUE at /fields/3");
    expect(backward.stdout).toContain("'lang'");
    expect(backward.stdout).toContain("    why: the new schema cannot read data written with the old schema\n");
    expect(backward.stdout).toMatch(/ {4}fix: Give the field a default .*alias/);
    expect((await check(next, "--against", WIKIFEED, "--level", "forward")).code).toBe(0);
  });

  it("reads files that start with a UTF-8 byte-order mark", async () => {
    const next = file("avro/bom-new.avsc", "\uFEFF" + withFields([...wikifeed.fields, { name: "lang", type: "string", default: "en" }]));
    const old = file("avro/bom-old.avsc", "\uFEFF" + readFileSync(WIKIFEED, "utf8"));
    const run = await check(next, "--against", old);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^COMPATIBLE: .*bom-new\.avsc can replace .*bom-old\.avsc at BACKWARD \(AVRO\)\n$/);
    const refused = await check(file("avro/bom-added.avsc", "\uFEFF" + withFields([...wikifeed.fields, { name: "lang", type: "string" }])), "--against", old);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("READER_FIELD_MISSING_DEFAULT_VALUE");
  });

  it("gives FORWARD and BACKWARD different verdicts for a removed field", async () => {
    const next = file("avro/removed.avsc", withFields(wikifeed.fields.filter((f) => (f as { name: string }).name !== "is_new")));
    expect((await check(next, "--against", WIKIFEED, "--level", "BACKWARD")).code).toBe(0);
    const forward = await check(next, "--against", WIKIFEED, "--level", "FORWARD", "--output", "json");
    expect(forward.code).toBe(1);
    expect(json(forward)).toEqual({
      compatible: false,
      format: "AVRO",
      level: "FORWARD",
      violations: [expect.objectContaining({ rule: "READER_FIELD_MISSING_DEFAULT_VALUE", direction: "forward", path: "/fields/1" })],
    });
    const full = await check(next, "--against", WIKIFEED, "--level", "full_transitive");
    expect(full.code).toBe(1);
    expect(full.stdout).toContain("breaks FULL_TRANSITIVE compatibility");
  });

  it("takes named types from --reference name=path", async () => {
    const state = file("avro/state.avsc", JSON.stringify({ type: "enum", name: "State", namespace: "acme", symbols: ["A", "B"] }));
    const record = (fields: unknown[]) => JSON.stringify({ type: "record", name: "Thing", namespace: "acme", fields });
    const old = file("avro/thing-v1.avsc", record([{ name: "state", type: "acme.State" }]));
    const next = file("avro/thing-v2.avsc", record([{ name: "state", type: "acme.State" }, { name: "note", type: ["null", "string"], default: null }]));
    expect((await check(next, "--against", old, "--reference", `acme.State=${state}`)).code).toBe(0);
    const missing = await check(next, "--against", old);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/thing-v2\.avsc:\d+:\d+: cannot parse as AVRO \(REFERENCE_UNRESOLVED at \/fields\/0\/type\).*acme\.State.*--reference/);
  });
});

describe("charter check: JSON Schema", () => {
  const schema = (props: Record<string, unknown>, required: string[] = []) =>
    JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: props, required }, null, 2);

  it("detects JSON Schema from $schema and reports the field path and line in the json output", async () => {
    const old = file("json/v1.json", schema({ id: { type: "string" }, count: { type: "integer" } }));
    const next = file("json/v2.json", schema({ id: { type: "string" }, count: { type: "string" } }));
    const run = await check(next, "--against", old, "--output", "json");
    expect(run.code).toBe(1);
    expect(json(run)).toEqual({
      compatible: false,
      format: "JSON",
      level: "BACKWARD",
      violations: [
        {
          rule: "TYPE_CHANGED",
          path: "/properties/count",
          line: 8,
          message: expect.stringContaining("type"),
          direction: "backward",
          readerWriter: "the new schema cannot read data written with the old schema",
          document: "new",
          // The JSON Schema engine's hint, when it gives one.
          ...(run.stdout.includes('"hint"') ? { hint: expect.any(String) } : {}),
        },
      ],
    });
  });

  it("reads a relative $ref from the file next to each input, so a change inside the referenced file is seen", async () => {
    const address = (zip: string) => JSON.stringify({ type: "object", properties: { street: { type: "string" }, zip: { type: zip } } }, null, 2);
    const doc = JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { to: { $ref: "./address.json" }, from: { $ref: "common/address#/properties/street" } } }, null, 2);
    const old = file("json-ref/v1/order.json", doc);
    file("json-ref/v1/address.json", address("string"));
    file("json-ref/v1/common/address.json", address("string"));
    const same = file("json-ref/v2/order.json", doc);
    file("json-ref/v2/address.json", address("string"));
    file("json-ref/v2/common/address.json", address("string"));
    expect(await check(same, "--against", old)).toMatchObject({ code: 0, stderr: "" });
    const next = file("json-ref/v3/order.json", doc);
    file("json-ref/v3/address.json", address("integer"));
    file("json-ref/v3/common/address.json", address("string"));
    const run = await check(next, "--against", old, "--output", "json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(json(run)).toMatchObject({ compatible: false, violations: [expect.objectContaining({ path: expect.stringContaining("zip") })] });
    const missing = file("json-ref/v4/order.json", doc);
    const unresolved = await check(missing, "--against", old);
    expect(unresolved.code).toBe(2);
    expect(unresolved.stderr).toMatch(/order\.json.*REFERENCE_UNRESOLVED/);
  });

  it("follows Confluent's content-model rules: a property added to a closed model passes BACKWARD, not FORWARD", async () => {
    const closed = (props: Record<string, unknown>, required: string[] = []) =>
      JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", additionalProperties: false, properties: props, required });
    const old = file("json/base.json", closed({ id: { type: "string" } }));
    const optional = file("json/optional.json", closed({ id: { type: "string" }, note: { type: "string" } }));
    const required = file("json/required.json", closed({ id: { type: "string" }, note: { type: "string" } }, ["note"]));
    expect((await check(optional, "--against", old)).code).toBe(0);
    const forward = await check(optional, "--against", old, "--level", "FORWARD");
    expect(forward.code).toBe(1);
    expect(forward.stdout).toContain("[forward] PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at /properties/note");
    const run = await check(required, "--against", old);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("[backward] REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL at /properties/note");
  });

  it("--policy picks Confluent's STRICT (default) or LENIENT compatible-change set, and refuses unknown policies", async () => {
    const open = (props: Record<string, unknown>) => JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: props });
    const old = file("json/open-v1.json", open({ id: { type: "string" } }));
    const next = file("json/open-v2.json", open({ id: { type: "string" }, note: { type: "string" } }));
    const strict = await check(next, "--against", old);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL");
    expect((await check(next, "--against", old, "--policy", "strict")).code).toBe(1);
    expect((await check(next, "--against", old, "--policy", "lenient")).code).toBe(0);
    const bad = await check(next, "--against", old, "--policy", "loose");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown --policy 'loose'");
  });

  it("decides an ambiguous old file by the new one, and asks for --format when both are ambiguous", async () => {
    const plain = file("json/plain.json", JSON.stringify({ type: "string" }));
    const withSchema = file("json/with-schema.json", JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", type: "string" }));
    const decided = await check(withSchema, "--against", plain, "--output", "json");
    expect(decided.code).toBe(0);
    expect(json(decided)).toMatchObject({ format: "JSON" });
    const ambiguous = await check(plain, "--against", plain);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/ambiguous: .*plain\.json parse as AVRO and as JSON.*pass --format/);
    expect(ambiguous.stdout).toBe("");
    expect((await check(plain, "--against", plain, "--format", "Avro")).code).toBe(0);
  });

  it("settles a look shared by Avro and JSON Schema by parsing: a file Avro refuses is not called Avro", async () => {
    // Neither file has a keyword only one format uses; Avro refuses a schema without `type`, JSON Schema takes it.
    const jsonOnly = file("json/any-v1.json", JSON.stringify({ description: "any value" }));
    const jsonOnly2 = file("json/any-v2.json", JSON.stringify({ description: "any value, described again" }));
    const settled = await check(jsonOnly2, "--against", jsonOnly, "--level", "FORWARD", "--output", "json");
    expect(settled.stderr).toBe("");
    expect(json(settled)).toMatchObject({ format: "JSON", compatible: true });
    const neither = file("json/neither.json", JSON.stringify({ type: "strin" }));
    const refused = await check(neither, "--against", neither, "--output", "json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/neither\.json could be AVRO or JSON .* but parse as neither: .*cannot parse as AVRO.*; .*cannot parse as JSON/);
    expect(json(refused)).toMatchObject({ error: { code: "FORMAT_UNDETECTED" } });
  });
});

describe("charter check: Protobuf", () => {
  it("resolves imports from the include root above the file, so a change in an imported file is seen", async () => {
    const old = copy(OTEL, "otel-old");
    const next = copy(OTEL, "otel-new", { path: COMMON, replace: ["    int64 int_value = 3;", "    string int_value = 3;"] });
    const run = await check(join(next, TRACE), "--against", join(old, TRACE), "--output", "json");
    expect(run.code).toBe(1);
    const report = json(run) as { format: string; violations: Array<{ rule: string; path: string; confluent?: string }> };
    expect(report.format).toBe("PROTOBUF");
    expect(report.violations[0]).toMatchObject({ rule: "FIELD_WIRE_COMPATIBLE_TYPE", path: "/AnyValue/int_value", confluent: "FIELD_SCALAR_KIND_CHANGED" });
    // An explicit --reference wins over the file next to the input.
    const pinned = await check(join(next, TRACE), "--against", join(old, TRACE), "--reference", `${COMMON}=${join(old, COMMON)}`);
    expect(pinned.code).toBe(0);
  });

  it("reports a changed field with its line and Confluent name in the text report", async () => {
    const old = copy(OTEL, "otel-old-2");
    const next = copy(OTEL, "otel-new-2", { path: TRACE, replace: ["  string trace_state = 3;", "  int64 trace_state = 3;"] });
    const run = await check(join(next, TRACE), "--against", join(old, TRACE));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[backward\] FIELD_WIRE_COMPATIBLE_TYPE at \/Span\/trace_state \(.*otel-new-2\/opentelemetry\/proto\/trace\/v1\/trace\.proto:\d+\) \[Confluent FIELD_SCALAR_KIND_CHANGED\]/);
  });

  it("prints the file, line and column of a syntax error (exit 2)", async () => {
    const good = file("proto/a.proto", 'syntax = "proto3";\nmessage A {\n  string id = 1;\n}\n');
    const bad = file("proto/b.proto", 'syntax = "proto3";\nmessage A {\n  string id = ;\n}\n');
    const run = await check(bad, "--against", good);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^charter check: .*b\.proto:3:\d+: cannot parse as PROTOBUF \(SCHEMA_SYNTAX/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("charter check: AsyncAPI", () => {
  it("reports a change that breaks only a received message's payload under BACKWARD, with the path to the field", async () => {
    const next = copy(STREETLIGHTS, "asyncapi/streetlights-new.yml");
    writeFileSync(next, readFileSync(STREETLIGHTS, "utf8").replace(/(lumens:\n\s+type: integer\n\s+)minimum: 0/, "$1minimum: 10"));
    expect(readFileSync(next, "utf8")).toContain("minimum: 10");
    const run = await check(next, "--against", STREETLIGHTS, "--output", "json");
    expect(run.code).toBe(1);
    const report = json(run) as { violations: Array<Record<string, unknown>> };
    expect(report).toMatchObject({ compatible: false, format: "ASYNCAPI", level: "BACKWARD" });
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({
      rule: "PAYLOAD_INCOMPATIBLE",
      direction: "backward",
      document: "new",
      path: "/components/messages/lightMeasured/payload",
      message: expect.stringContaining("(received)"),
      causes: [{ rule: "MINIMUM_INCREASED", path: "/components/schemas/lightMeasuredPayload/properties/lumens/minimum", line: 144, message: expect.any(String) }],
    });
    const text = await check(next, "--against", STREETLIGHTS);
    expect(text.stdout).toContain("    - MINIMUM_INCREASED at /components/schemas/lightMeasuredPayload/properties/lumens/minimum (line 144)");
    // The old document reads everything the new one's peers write: FORWARD holds.
    expect((await check(next, "--against", STREETLIGHTS, "--level", "forward")).code).toBe(0);
  });

  it("resolves relative $refs of a multi-file document from the files next to it", async () => {
    const old = copy(SOCIAL_MEDIA, "social-old");
    const next = copy(SOCIAL_MEDIA, "social-new", {
      path: "common/schemas.yaml",
      replace: ["likeCommentPayload: \n  type: object\n", "likeCommentPayload: \n  type: object\n  required: [likedBy]\n"],
    });
    // The backend receives likeComment: its payload now requires likedBy.
    const backend = await check(join(next, "backend/asyncapi.yaml"), "--against", join(old, "backend/asyncapi.yaml"));
    expect(backend.code).toBe(1);
    expect(backend.stdout).toContain("[backward] PAYLOAD_INCOMPATIBLE at /channels/like~1comment/publish/message/payload");
    expect(backend.stdout).toContain("- REQUIRED_ATTRIBUTE_ADDED");
    // The frontend only sends it: old consumers still read it.
    expect((await check(join(next, "frontend/asyncapi.yaml"), "--against", join(old, "frontend/asyncapi.yaml"))).code).toBe(0);
    rmSync(join(next, "common/servers.yaml"));
    const missing = await check(join(next, "backend/asyncapi.yaml"), "--against", join(old, "backend/asyncapi.yaml"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/REFERENCE_UNRESOLVED.*not found on disk: .*social-new\/common\/servers\.yaml/);
  });

  it("refuses a YAML file that is no AsyncAPI document unless --format says what it is", async () => {
    const other = file("asyncapi/other.yaml", "openapi: 3.0.0\n");
    const run = await check(other, "--against", STREETLIGHTS);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot detect the format of .*other\.yaml: .*asyncapi.*pass --format/);
  });
});

describe("charter check: invalid input (exit 2, a message, no stack trace)", () => {
  const valid = () => file("valid.avsc", JSON.stringify({ type: "record", name: "R", fields: [] }));

  it.each([
    ["a missing file", () => ["nope.avsc", "--against", valid()], /cannot read nope\.avsc: no such file/],
    ["a missing --against", () => [valid()], /Missing --against/],
    ["an unknown level", () => [valid(), "--against", valid(), "--level", "SIDEWAYS"], /Unknown --level 'SIDEWAYS'/],
    ["an unknown format", () => [valid(), "--against", valid(), "--format", "xml"], /Unknown --format 'xml'/],
    ["an unknown output", () => [valid(), "--against", valid(), "--output", "yaml"], /Unknown --output 'yaml'/],
    ["a bad --reference", () => [valid(), "--against", valid(), "--reference", "no-equals"], /Invalid --reference 'no-equals': expected name=path/],
    ["an unreadable --reference", () => [valid(), "--against", valid(), "--reference", "a.B=missing.avsc"], /--reference a\.B: cannot read missing\.avsc/],
    ["an unknown option", () => [valid(), "--against", valid(), "--frobnicate"], /unknown option '--frobnicate'/],
    ["a missing argument", () => [], /missing required argument 'new'/],
    ["invalid JSON", () => [file("broken.json", '{\n  "type": "record",\n  "name": \n}'), "--against", valid()], /broken\.json:4:1: cannot parse \(SCHEMA_SYNTAX\): Invalid JSON/],
    ["an invalid Avro schema", () => [file("bad.avsc", '{"type": "record", "name": "1bad", "fields": []}'), "--against", valid()], /bad\.avsc.*cannot parse as AVRO \(SCHEMA_INVALID/],
  ])("%s", async (_what, args, message) => {
    const run = await check(...args());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });
});

describe("charter check --output json on invalid input (exit 2)", () => {
  const valid = () => file("valid.avsc", JSON.stringify({ type: "record", name: "R", fields: [] }));

  it.each([
    ["a missing file", () => ["nope.avsc", "--against", valid()], { code: "FILE_UNREADABLE", file: "nope.avsc", message: expect.stringContaining("no such file") }],
    ["an unknown level", () => [valid(), "--against", valid(), "--level", "SIDEWAYS"], { code: "USAGE", message: expect.stringContaining("Unknown --level") }],
    ["an unknown option", () => [valid(), "--against", valid(), "--frobnicate"], { code: "USAGE", message: "unknown option '--frobnicate'" }],
    ["invalid JSON", () => [file("broken.json", '{\n  "type": "record",\n  "name": \n}'), "--against", valid()], { code: "SCHEMA_SYNTAX", file: expect.stringMatching(/broken\.json$/), line: 4, column: 1 }],
    ["an invalid Avro schema", () => [file("bad.avsc", '{"type": "record", "name": "1bad", "fields": []}'), "--against", valid()], { code: "SCHEMA_INVALID", file: expect.stringMatching(/bad\.avsc$/), path: "/name", line: 1, column: 20 }],
  ])("%s: an error document on stdout, the message on stderr", async (_what, args, error) => {
    const run = await check(...args(), "--output", "json");
    expect(run.code).toBe(2);
    expect(run.stdout.endsWith("\n")).toBe(true);
    expect(json(run)).toEqual({ error: expect.objectContaining(error) });
    expect(run.stderr).toContain((json(run) as { error: { message: string } }).error.message);
  });
});

describe("charter check: the built bin", () => {
  const exec = promisify(execFile);
  beforeAll(async () => {
    // Build so the spawned bin runs this checkout's code (incremental: quick when up to date).
    await exec(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-b", join(ROOT, "cli/tsconfig.json")], { cwd: ROOT });
  }, 180_000);

  const bin = async (...args: string[]): Promise<Run> => {
    try {
      const { stdout, stderr } = await exec(process.execPath, [join(ROOT, "cli/bin/charter.js"), "check", ...args], { cwd: dir });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const failed = e as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
  };

  it("exits 0, 1 and 2 with the report on stdout and errors on stderr", async () => {
    const old = file("bin/v1.avsc", JSON.stringify({ type: "record", name: "R", fields: [{ name: "a", type: "int" }] }));
    const compatible = file("bin/v2.avsc", JSON.stringify({ type: "record", name: "R", fields: [{ name: "a", type: "long" }] }));
    const breaking = file("bin/v3.avsc", JSON.stringify({ type: "record", name: "R", fields: [{ name: "a", type: "string" }] }));
    expect(await bin("bin/v2.avsc", "--against", "bin/v1.avsc")).toMatchObject({ code: 0, stderr: "" });
    const broken = await bin(breaking, "--against", old, "--output", "json");
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ compatible: false, format: "AVRO", violations: [{ rule: "TYPE_MISMATCH", direction: "backward" }] });
    const invalid = await bin(compatible, "--against", old, "--level", "nope");
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe("charter check: Unknown --level 'nope': expected NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE\n");
    const unknownOption = await bin(compatible, "--against", old, "--nope");
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/^error: unknown option '--nope'\n$/);
  });
});
