import { checkLevel, loadFormat, type ContractError, type ParsedSchema, type Result } from "@charter/contracts/core";
import { buildCheckReport } from "../commands/check-report.js";
import type { LocatedReference } from "../references/by-name.js";
import type { ContractFile } from "./discover.js";
import { Locator } from "./locate.js";
import type { ContractChange, ContractResult, FileLocation, GateViolation, ViolationCause } from "./result.js";
import { TextMap } from "./text-map.js";

/** One version of a contract: the file, its text and the references resolved at the same tree. */
export interface ContractVersion {
  readonly contract: ContractFile;
  readonly text: string;
  readonly references: readonly LocatedReference[];
}

/** Parses a version with its format's engine (the one {@link Format} interface for every format). Never throws. */
export async function parseVersion(version: ContractVersion): Promise<Result<ParsedSchema>> {
  const format = await loadFormat(version.contract.format);
  if (!format) return { ok: false, error: { code: "UNSUPPORTED", message: `no ${version.contract.format} engine in this build` } };
  try {
    return await format.parse(version.text, { references: version.references });
  } catch (e) {
    return { ok: false, error: { code: "SCHEMA_INVALID", message: e instanceof Error ? e.message : String(e) } };
  }
}

/** Where a parse error is: its line/column, else its JSON Pointer located in the text. */
export function errorLocation(file: string, text: string, error: ContractError): FileLocation {
  if (error.line !== undefined) return { file, line: error.line, ...(error.column !== undefined ? { column: error.column } : {}), version: "new" };
  const at = error.path ? new TextMap(text).locate(error.path) : undefined;
  return at ? { file, line: at.line, column: at.column, version: "new" } : { file, version: "new" };
}

/** A `CONTRACT_INVALID` result: the new version does not parse (the registry would refuse it too). */
export function invalidResult(head: ContractVersion, change: ContractChange, error: ContractError, previousFile?: string): ContractResult {
  const file = head.contract.path;
  return {
    subject: head.contract.subject,
    file,
    ...(previousFile !== undefined && previousFile !== file ? { previousFile } : {}),
    format: head.contract.format,
    level: head.contract.level,
    change,
    verdict: "invalid",
    violations: [
      {
        rule: "CONTRACT_INVALID",
        severity: "error",
        message: `cannot parse as ${head.contract.format} (${error.code}${error.path ? ` at ${error.path}` : ""}): ${error.message}`,
        path: error.path ?? "",
        location: errorLocation(file, head.text, error),
      },
    ],
  };
}

/** Nested causes in the result's shape. */
export function toCauses(causes: ReadonlyArray<{ rule: string; path: string; message: string; causes?: readonly unknown[] }> | undefined): ViolationCause[] | undefined {
  if (!causes || causes.length === 0) return undefined;
  return causes.map((c) => {
    const nested = toCauses(c.causes as typeof causes | undefined);
    return { rule: c.rule, path: c.path, message: c.message, ...(nested ? { causes: nested } : {}) };
  });
}

/**
 * Offline check of one contract: parses the new version (invalid → `CONTRACT_INVALID` with its location) and,
 * when the subject existed at base, the old one (invalid → a `BASE_INVALID` warning, not compared), then runs
 * `checkLevel(format, level, new, [{version: 1, schema: old}], {policy})` — the registry's own function — and
 * locates every violation in the new file (the old file's line for removals). A new subject is compatible.
 */
export async function checkOffline(head: ContractVersion, base: ContractVersion | undefined, change: ContractChange): Promise<ContractResult> {
  const { contract } = head;
  const previousFile = base && base.contract.path !== contract.path ? base.contract.path : undefined;
  const common = {
    subject: contract.subject,
    file: contract.path,
    ...(previousFile !== undefined ? { previousFile } : {}),
    format: contract.format,
    level: contract.level,
    change,
  };
  const next = await parseVersion(head);
  if (!next.ok) return invalidResult(head, change, next.error, previousFile);
  if (!base) return { ...common, verdict: "compatible", violations: [] };
  const previous = await parseVersion(base);
  if (!previous.ok) {
    const location = errorLocation(base.contract.path, base.text, previous.error);
    return {
      ...common,
      verdict: "unchecked",
      violations: [
        {
          rule: "BASE_INVALID",
          severity: "warning",
          message: `the base version of ${base.contract.path} does not parse (${previous.error.code}): ${previous.error.message}; not compared`,
          path: previous.error.path ?? "",
          location: { ...location, file: contract.path, version: "old" },
        },
      ],
    };
  }
  const format = (await loadFormat(contract.format))!;
  let report;
  try {
    const verdict = checkLevel(format, contract.level, next.value, [{ version: 1, schema: previous.value }], contract.policy ? { policy: contract.policy } : undefined);
    report = buildCheckReport(contract.format, contract.level, verdict);
  } catch (e) {
    return invalidResult(head, change, { code: "SCHEMA_INVALID", message: `the compatibility check failed: ${e instanceof Error ? e.message : String(e)}` }, previousFile);
  }
  const locator = new Locator({ file: contract.path, newText: head.text, oldText: base.text });
  const violations: GateViolation[] = report.violations.map((v) => {
    const causes = toCauses(v.causes);
    return {
      rule: v.rule,
      severity: "error",
      message: v.message,
      path: v.path,
      direction: v.direction,
      ...(v.confluent !== undefined ? { confluent: v.confluent } : {}),
      version: 1,
      location: locator.locate(v),
      ...(causes ? { causes } : {}),
    };
  });
  return { ...common, verdict: violations.length > 0 ? "breaking" : "compatible", violations };
}
