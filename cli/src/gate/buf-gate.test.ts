import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, lineOf, removeDir, tempDir, writeFiles } from "../../test/gate-fixture.js";
import { renderAnnotations } from "../report/annotations.js";
import { gateReport } from "./report.js";
import { runGate } from "./run-gate.js";

const COMMON_BASE = `syntax = "proto3";
package acme.orders.v1;

enum Currency {
  CURRENCY_UNSPECIFIED = 0;
  CURRENCY_EUR = 1;
}

message Money {
  Currency currency = 1;
  int64 units = 2;
}
`;

const ORDERS_BASE = `syntax = "proto3";
package acme.orders.v1;

import "acme/orders/v1/common.proto";

message OrderPlaced {
  string order_id = 1;
  Money total = 2;
}
`;

// Money moves from common.proto to orders.proto (same package), and order_id changes type.
const COMMON_HEAD = `syntax = "proto3";
package acme.orders.v1;

enum Currency {
  CURRENCY_UNSPECIFIED = 0;
  CURRENCY_EUR = 1;
}
`;

const ORDERS_HEAD = `syntax = "proto3";
package acme.orders.v1;

import "acme/orders/v1/common.proto";

message OrderPlaced {
  int64 order_id = 1;
  Money total = 2;
}

message Money {
  Currency currency = 1;
  int64 units = 2;
}
`;

const COMMON = "proto/acme/orders/v1/common.proto";
const ORDERS = "proto/acme/orders/v1/orders.proto";

/** A repository whose main branch has the base files and whose `feature` branch the head files. */
function repo(root: string, name: string, base: Record<string, string>, head: Record<string, string>, remove: readonly string[] = []): string {
  const dir = join(root, name);
  writeFiles(dir, base);
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  writeFiles(dir, head);
  for (const path of remove) git(dir, "rm", "-q", path);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "head");
  return dir;
}

describe("charter gate judges buf modules with their buf.yaml (config `buf: true`)", () => {
  let root: string;
  beforeAll(() => {
    root = tempDir("buf-gate");
  });
  afterAll(() => removeDir(root));

  it("v1 buf.yaml without a breaking section (FILE): the moved message breaks per file, the type change on its line", async () => {
    const dir = repo(root, "file", { "charter.config.yaml": "buf: true\n", "proto/buf.yaml": "version: v1\n", [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [COMMON]: COMMON_HEAD, [ORDERS]: ORDERS_HEAD });
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(1);
    const common = result.contracts.find((c) => c.file === COMMON)!;
    const orders = result.contracts.find((c) => c.file === ORDERS)!;
    expect(common).toMatchObject({ verdict: "breaking", change: "modified", checkedWith: "buf FILE (proto/buf.yaml)" });
    expect(common.violations.map((v) => v.rule)).toEqual(["MESSAGE_NO_DELETE"]);
    expect(common.violations[0]!.message).toBe('Previously present message "Money" was deleted from file.');
    expect(orders.violations).toEqual([
      expect.objectContaining({ rule: "FIELD_SAME_TYPE", severity: "error", location: expect.objectContaining({ file: ORDERS, line: lineOf(ORDERS_HEAD, "int64 order_id"), version: "new" }) }),
    ]);
    // Confluent's per-file judgement did not run on the module's files: one result per file, buf's only.
    expect(result.contracts.filter((c) => c.file === ORDERS)).toHaveLength(1);
    const report = gateReport(result);
    const section = report.sections.find((s) => s.file === ORDERS)!;
    expect(section.facts["level"]).toBe("buf FILE (proto/buf.yaml)");
    expect(renderAnnotations(report)).toContain(`::error file=${ORDERS},line=${lineOf(ORDERS_HEAD, "int64 order_id")}`);
    expect(report.rules.find((r) => r.id === "MESSAGE_NO_DELETE")!.help).toContain("Keep the element");
  });

  it("v2 buf.yaml with `use: [PACKAGE]`: moving a message within its package is fine; `except` drops the type rule", async () => {
    const config = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use: [PACKAGE]\n  except: [FIELD_SAME_TYPE, FIELD_WIRE_JSON_COMPATIBLE_TYPE]\n";
    const dir = repo(root, "package", { "charter.config.yaml": "buf:\n  configs: [buf.yaml]\n", "buf.yaml": config, [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [COMMON]: COMMON_HEAD, [ORDERS]: ORDERS_HEAD });
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    expect(result.problems).toEqual([]);
    expect(result.contracts.map((c) => [c.file, c.verdict, c.checkedWith])).toEqual([
      [COMMON, "compatible", "buf PACKAGE except FIELD_SAME_TYPE, FIELD_WIRE_JSON_COMPATIBLE_TYPE (buf.yaml)"],
      [ORDERS, "compatible", "buf PACKAGE except FIELD_SAME_TYPE, FIELD_WIRE_JSON_COMPATIBLE_TYPE (buf.yaml)"],
    ]);
    expect(result.exitCode).toBe(0);
  });

  it("a deleted file is FILE_NO_DELETE on the base file; `ignore` (workspace-relative in v2) drops a file's findings", async () => {
    const orders = ORDERS_HEAD.replace('import "acme/orders/v1/common.proto";\n', "").replace("message Money", "enum Currency {\n  CURRENCY_UNSPECIFIED = 0;\n}\n\nmessage Money");
    const deleted = repo(root, "deleted", { "charter.config.yaml": "buf: true\n", "proto/buf.yaml": "version: v1\n", [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [ORDERS]: orders }, [COMMON]);
    const result = await runGate({ cwd: deleted, env: {}, base: "main" });
    const common = result.contracts.find((c) => c.file === COMMON)!;
    expect(common).toMatchObject({ change: "deleted", verdict: "breaking" });
    expect(common.violations).toEqual([expect.objectContaining({ rule: "FILE_NO_DELETE", location: { file: COMMON, version: "old" } })]);
    // The gate's own CONTRACT_DELETED does not also fire for a file the module owns.
    expect(result.contracts.flatMap((c) => c.violations).some((v) => v.rule === "CONTRACT_DELETED")).toBe(false);

    const ignoring = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  ignore: [proto/acme/orders/v1/common.proto]\n  ignore_only:\n    FIELD_SAME_TYPE: [proto/acme/orders/v1/common.proto]\n";
    const ignored = repo(root, "ignored", { "charter.config.yaml": "buf: true\n", "buf.yaml": ignoring, [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [ORDERS]: orders }, [COMMON]);
    const quiet = await runGate({ cwd: ignored, env: {}, base: "main" });
    expect(quiet.problems).toEqual([]);
    // `ignore_only` is scoped to its paths: the type change in orders.proto still breaks.
    expect(quiet.contracts.flatMap((c) => c.violations.map((v) => `${c.file} ${v.rule}`))).toEqual([`${ORDERS} FIELD_SAME_TYPE`]);
  });

  it("a local policy adds its rules (with its own except); plugin rules and BSR policies are named as not checked", async () => {
    const config = [
      "version: v2",
      "modules:",
      "  - path: proto",
      "breaking:",
      "  use: [WIRE_JSON, TIMESTAMP_SUFFIX_NO_CHANGE]",
      "plugins:",
      "  - plugin: buf-plugin-timestamp",
      "policies:",
      "  - policy: policies/file.policy.yaml",
      "  - policy: buf.build/acme/breaking",
      "",
    ].join("\n");
    const policy = "version: v2\nbreaking:\n  use: [FILE]\n  except: [FIELD_SAME_TYPE]\n";
    const dir = repo(root, "policy", { "charter.config.yaml": "buf: true\n", "buf.yaml": config, "policies/file.policy.yaml": policy, [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [COMMON]: COMMON_HEAD, [ORDERS]: ORDERS_HEAD });
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    expect(result.problems).toEqual([]);
    // WIRE_JSON (buf.yaml) finds the type change; FILE (the policy) the message moved out of common.proto.
    expect(result.contracts.flatMap((c) => c.violations.map((v) => `${c.file} ${v.rule}`)).sort()).toEqual([`${COMMON} MESSAGE_NO_DELETE`, `${ORDERS} FIELD_WIRE_JSON_COMPATIBLE_TYPE`]);
    expect(result.contracts[0]!.checkedWith).toBe(
      "buf WIRE_JSON (buf.yaml) + buf FILE except FIELD_SAME_TYPE (policies/file.policy.yaml); not checked: Buf plugin rules TIMESTAMP_SUFFIX_NO_CHANGE, BSR policy buf.build/acme/breaking",
    );

    const missing = repo(root, "policy-missing", { "charter.config.yaml": "buf: true\n", "buf.yaml": "version: v2\npolicies:\n  - policy: nowhere.policy.yaml\n", [ORDERS]: ORDERS_BASE, [COMMON]: COMMON_BASE }, { [ORDERS]: ORDERS_HEAD });
    const bad = await runGate({ cwd: missing, env: {}, base: "main" });
    expect(bad.problems).toEqual([expect.objectContaining({ rule: "CONFIG_INVALID", file: "buf.yaml", message: expect.stringContaining("policy nowhere.policy.yaml not found") })]);
  });

  it("a head file that does not build is CONTRACT_INVALID on its line; a bad buf.yaml is CONFIG_INVALID on its line", async () => {
    const broken = ORDERS_HEAD.replace("int64 order_id = 1;", "int64 order_id = ;");
    const dir = repo(root, "invalid", { "charter.config.yaml": "buf: true\n", "proto/buf.yaml": "version: v1\n", [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [ORDERS]: broken });
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    const orders = result.contracts.find((c) => c.file === ORDERS)!;
    expect(orders.verdict).toBe("invalid");
    expect(orders.violations[0]).toMatchObject({ rule: "CONTRACT_INVALID", location: { file: ORDERS, line: lineOf(broken, "order_id = ;"), version: "new" } });
    expect(result.exitCode).not.toBe(0);

    const badYaml = repo(root, "bad-yaml", { "charter.config.yaml": "buf: true\n", "proto/buf.yaml": "version: v1\nbreaking:\n  use: [FILE, NO_SUCH_RULE]\n", [ORDERS]: ORDERS_BASE, [COMMON]: COMMON_BASE }, { [ORDERS]: ORDERS_HEAD });
    const bad = await runGate({ cwd: badYaml, env: {}, base: "main" });
    expect(bad.exitCode).toBe(2);
    expect(bad.problems).toEqual([expect.objectContaining({ rule: "CONFIG_INVALID", file: "proto/buf.yaml", line: 3, message: expect.stringContaining('unknown buf rule or category "NO_SUCH_RULE"') })]);
  });

  it("without `buf:` the .proto files are contracts judged one by one with Confluent's rules", async () => {
    const dir = repo(root, "plain", { "proto/buf.yaml": "version: v1\n", [COMMON]: COMMON_BASE, [ORDERS]: ORDERS_BASE }, { [COMMON]: COMMON_HEAD, [ORDERS]: ORDERS_HEAD });
    const result = await runGate({ cwd: dir, env: {}, base: "main" });
    expect(result.contracts.every((c) => c.checkedWith === undefined && c.level === "BACKWARD")).toBe(true);
  });
});
