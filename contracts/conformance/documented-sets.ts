/**
 * Conformance sets Charter wrote itself from peers' documented rules and source (never their test data):
 * `documented/confluent-json.json` (Confluent's JSON Schema `SchemaDiff`, STRICT and LENIENT),
 * `documented/confluent-protobuf.json` (Confluent's Protobuf `SchemaDiff`) and
 * `documented/apicurio-protobuf.json` (Apicurio's `ProtobufCompatibilityChecker`, under the APICURIO policy).
 * Each case names its `source`; `policy` is the `compatibilityPolicy` it is judged under (default: the
 * engine's). Verdicts: BACKWARD = `compatibility(new, old)`, FORWARD = `compatibility(old, new)`.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { judgePair, type ConformanceSet, type Disagreement, type PairCase } from "./sets.js";

// Same root as sets.ts's VECTORS (not imported: sets.ts imports this module, so its constants are not set yet).
const VECTORS = fileURLToPath(new URL("../../../shared/vectors/", import.meta.url));
const here = (file: string): string => relative(VECTORS, fileURLToPath(new URL(`./documented/${file}`, import.meta.url)));

/** A documented case: a pair case with its source and policy. */
interface DocumentedCase extends PairCase {
  readonly source: string;
  readonly policy?: string;
}

const judge = (c: unknown): Promise<Disagreement | null> => {
  const d = c as DocumentedCase;
  return judgePair(d, d.policy ? { compatibilityPolicy: d.policy } : undefined);
};

const all = (agree: number, cases: number): boolean => agree === cases;

export const DOCUMENTED_SETS: readonly ConformanceSet[] = [
  { name: "confluent-json-documented", file: here("confluent-json.json"), kind: "pairs", threshold: "100%", passes: all, judge },
  { name: "confluent-protobuf-documented", file: here("confluent-protobuf.json"), kind: "pairs", threshold: "100%", passes: all, judge },
  { name: "apicurio-protobuf-documented", file: here("apicurio-protobuf.json"), kind: "pairs", threshold: "100% (APICURIO policy)", passes: all, judge },
];
