import type { CompatibilityLevel, SchemaType } from "@charter/contracts/core";
import type { Severity } from "../report/report.js";

export type { Severity };

/**
 * How a contract changed between base and head. `references`: only files it references changed; `unknown`:
 * there is no base (registry mode without one, or `--all`), so every contract is checked.
 */
export type ContractChange = "added" | "modified" | "renamed" | "deleted" | "references" | "unchanged" | "unknown";

/**
 * The verdict on one contract: `compatible` (including new contracts), `breaking` (findings that fail the
 * gate), `accepted` (breaks accepted by the ignore list, `allowDeletion` or the skip label), `invalid` (the
 * new version does not parse, or the check could not run), `unchecked` (could not be compared; warnings say why).
 */
export type ContractVerdict = "compatible" | "breaking" | "accepted" | "invalid" | "unchecked";

/** A place in a file: repository-relative POSIX path, 1-based line and column when known. */
export interface FileLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** `old`: the line is in the base version of `file` (a removal), at the base ref named in the result. */
  readonly version: "new" | "old";
  /**
   * For an `old` line: where that removed place is in the head file — the first line after the removal (the
   * base line carried through `git diff <base>`'s hunks) — so annotations attach to the changed spot of the
   * head, never to whatever line now has the base's number. Absent when the file is gone at head.
   */
  readonly head?: { readonly line: number; readonly column?: number };
}

/** A nested cause of a violation (e.g. the payload engine's findings under an AsyncAPI message rule). */
export interface ViolationCause {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  readonly causes?: readonly ViolationCause[];
}

/** One finding on one contract: a compatibility violation or a gate rule (deleted contract, invalid contract …). */
export interface GateViolation {
  /** Stable rule id: the engine's (Avro, Confluent JSON Schema, buf, AsyncAPI) or the gate's own (`CONTRACT_DELETED` …). */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** JSON Pointer of the offending place (`""` = the whole document); Protobuf: `/Message/field`. */
  readonly path: string;
  /** `backward`: the new version cannot read data written with the old; `forward`: the reverse. */
  readonly direction?: "backward" | "forward";
  /** Confluent's `Difference.Type` when it differs from `rule` (Protobuf). */
  readonly confluent?: string;
  /** The earlier version it was found against (registry mode: the registered version). */
  readonly version?: number;
  readonly location: FileLocation;
  readonly causes?: readonly ViolationCause[];
  /** Set when the break is accepted deliberately: why (the ignore entry's reason, `allowDeletion`, the skip label). */
  readonly accepted?: string;
  /** True for a `charter lint` finding (docs/lint.md) rather than a compatibility violation. */
  readonly lint?: boolean;
}

/** Registration of one new version (`--register`). */
export interface Registration {
  readonly subject: string;
  readonly file: string;
  readonly id: number;
  readonly version?: number;
}

/** The outcome for one contract (subject). */
export interface ContractResult {
  readonly subject: string;
  /** The contract file at head; for a deleted contract, its path at base. */
  readonly file: string;
  /** The base path when it differs (renamed, or the subject moved to another file). */
  readonly previousFile?: string;
  readonly format: SchemaType;
  /** The level checked: the configured one offline, the registry's for the subject in registry mode (when known). */
  readonly level?: CompatibilityLevel;
  /** When another judge than a compatibility level applied: e.g. `buf FILE (proto/buf.yaml)` for a buf module. */
  readonly checkedWith?: string;
  readonly change: ContractChange;
  readonly verdict: ContractVerdict;
  readonly violations: readonly GateViolation[];
  readonly registered?: Registration;
}

/** When the gate fails: `error` findings (default), also `warning` ones, or `never` (exit 0 unless the input is invalid). */
export type FailOn = "error" | "warning" | "never";

/** Exit codes of `charter gate` and the Action. */
export const GATE_EXIT = {
  /** Everything compatible (or accepted). */
  PASS: 0,
  /** Something breaks (findings at or above `fail-on`). */
  BREAKING: 1,
  /** Invalid input or configuration: a contract that does not parse, a bad config, no base, registry errors. */
  INVALID: 2,
} as const;

/** What kind of problem stopped a run. */
export type GateProblemRule = "USAGE" | "NOT_A_REPOSITORY" | "CONFIG_INVALID" | "BASE_NOT_FOUND" | "SUBJECT_CONFLICT" | "REGISTRY_ERROR" | "GIT_ERROR";

/** A problem that stops or spoils the run as a whole (bad configuration, missing base, unreachable registry). */
export interface GateProblem {
  readonly rule: GateProblemRule;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Everything one gate run found; reporters render it (see `report.ts`). */
export interface GateResult {
  readonly mode: "offline" | "registry";
  /** The base compared against: the ref as given/found and its commit. Absent in registry mode without a base. */
  readonly base?: { readonly ref: string; readonly commit: string; readonly source: string };
  readonly registry?: string;
  /** The contracts checked (changed ones, or all with `--all`), in path order. */
  readonly contracts: readonly ContractResult[];
  /** How many contracts the repository has at head. */
  readonly discovered: number;
  readonly problems: readonly GateProblem[];
  /** Set when breaks were accepted by the pull request's skip label. */
  readonly skipLabel?: string;
  readonly failOn: FailOn;
  /** Set when the run linted the contracts (docs/lint.md): help for every lint rule it knew. */
  readonly lint?: { readonly rules: ReadonlyArray<{ readonly id: string; readonly summary: string; readonly help: string }> };
  /** True when some unaccepted finding is an error (what the Action's `breaking` output says). */
  readonly breaking: boolean;
  readonly exitCode: 0 | 1 | 2;
}
