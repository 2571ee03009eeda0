/**
 * One side-by-side comparison of the registry's `BUF` compatibility policy with `buf breaking` WIRE_JSON
 * (`checkBufBreaking`, which agrees with the buf binary on buf's testdata and the OpenTelemetry edits): whether
 * both call the change breaking, with the same rule ids and, where the policy reports a line, the same lines.
 */
import type { Violation } from "../src/format.js";
import { checkBufBreaking, protobufFormat, type BufAnnotation, type BufFile } from "../src/protobuf/index.js";
import { asRegistrySchema } from "./buf-policy-pairs.js";

/** What one side reports that the other does not (rule ids; `RULE:line` in the reader's own file). */
export interface BufPolicyDifference {
  readonly missingRules: readonly string[];
  readonly extraRules: readonly string[];
  readonly missingLines: readonly string[];
  readonly extraLines: readonly string[];
}

/** The outcome for one pair in one direction. */
export interface BufPolicyComparison {
  /** buf's WIRE_JSON annotations (`buf breaking reader --against writer`). */
  readonly buf: readonly BufAnnotation[];
  /** The policy's violations (reader = `current`, writer = `previous`). */
  readonly policy: readonly Violation[];
  /** `undefined` when both agree: same verdict, same rule ids, same lines. */
  readonly difference?: BufPolicyDifference;
  /** Set when the registry refused one of the schemas (parse or link error). */
  readonly refused?: string;
}

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const minus = (a: readonly string[], b: readonly string[]): string[] => a.filter((x) => !b.includes(x));

/**
 * Judges `current` reading data written with `previous` (a BACKWARD check; swap them for FORWARD) both ways and
 * compares the rule ids (so the verdicts too) and the (rule, line) pairs in the reader's own file, when the
 * registry schema is one of the files (a set whose files no single one imports is given as references of a
 * synthetic schema, whose findings have no line in the registry).
 */
export async function compareBufPolicy(previous: readonly BufFile[], current: readonly BufFile[]): Promise<BufPolicyComparison> {
  const result = checkBufBreaking(previous, current, { categories: ["WIRE_JSON"], version: "v2" });
  if (!result.ok) throw new Error(`checkBufBreaking refused ${result.error.file}: ${result.error.message}`);
  const buf = result.value;
  const w = asRegistrySchema(previous);
  const r = asRegistrySchema(current);
  const writer = await protobufFormat.parse(w.text, { references: w.references });
  const reader = await protobufFormat.parse(r.text, { references: r.references });
  if (!writer.ok) return { buf, policy: [], refused: `writer: ${writer.error.code} ${writer.error.message}` };
  if (!reader.ok) return { buf, policy: [], refused: `reader: ${reader.error.code} ${reader.error.message}` };
  const policy = protobufFormat.compatibility(reader.value, writer.value, { policy: { compatibilityPolicy: "BUF" } });
  const bufRules = sorted(buf.map((a) => a.rule));
  const policyRules = sorted(policy.map((v) => v.rule));
  const bufLines = r.mainPath === undefined ? [] : sorted(buf.filter((a) => a.file === r.mainPath && a.line !== undefined).map((a) => `${a.rule}:${a.line}`));
  const policyLines = r.mainPath === undefined ? [] : sorted(policy.filter((v) => v.line !== undefined).map((v) => `${v.rule}:${v.line}`));
  const difference: BufPolicyDifference = {
    missingRules: minus(bufRules, policyRules),
    extraRules: minus(policyRules, bufRules),
    missingLines: minus(bufLines, policyLines),
    extraLines: minus(policyLines, bufLines),
  };
  const same = Object.values(difference).every((list: readonly string[]) => list.length === 0);
  return { buf, policy, ...(same ? {} : { difference }) };
}
