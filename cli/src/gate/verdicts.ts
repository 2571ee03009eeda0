import type { IgnoreList } from "./ignore.js";
import type { ContractResult, ContractVerdict, FailOn, GateProblem, GateViolation } from "./result.js";

/** Rules a skip label or ignore entry cannot accept: the input itself is wrong. */
const NOT_ACCEPTABLE = new Set(["CONTRACT_INVALID", "REGISTRY_ERROR"]);

/** What accepts breaks in one run: the configuration's ignore list and, when the pull request carries it, the skip label. */
export interface Acceptance {
  readonly ignore: IgnoreList;
  readonly skipLabel?: string;
  /** How the configuration file is named in reasons (`charter.config.yaml`). */
  readonly configName: string;
}

function causePaths(v: GateViolation): string[] {
  const out: string[] = [];
  const stack = [...(v.causes ?? [])];
  while (stack.length > 0) {
    const c = stack.pop()!;
    out.push(c.path);
    stack.push(...(c.causes ?? []));
  }
  return out;
}

/**
 * Marks accepted findings — an ignore entry matching the finding (its reason is kept), else the skip label
 * (errors only) — and recomputes the contract's verdict: `invalid` stays; any unaccepted error → `breaking`;
 * errors all accepted → `accepted`; only warnings → `unchecked`; else `compatible`. Accepted findings stay in
 * the result: they are reported, not hidden.
 */
export function applyAcceptance(result: ContractResult, acceptance: Acceptance): ContractResult {
  const violations = result.violations.map((v): GateViolation => {
    if (v.accepted !== undefined || NOT_ACCEPTABLE.has(v.rule) || v.severity === "note") return v;
    const entry = acceptance.ignore.match({
      rules: v.confluent !== undefined ? [v.rule, v.confluent] : [v.rule],
      path: v.path,
      subject: result.subject,
      file: result.file,
      causePaths: causePaths(v),
    });
    if (entry) return { ...v, accepted: `ignored in ${acceptance.configName}: ${entry.reason}` };
    if (acceptance.skipLabel !== undefined && v.severity === "error") return { ...v, accepted: `accepted by the pull request label "${acceptance.skipLabel}"` };
    return v;
  });
  return { ...result, violations, verdict: verdictOf(result.verdict, violations) };
}

function verdictOf(previous: ContractVerdict, violations: readonly GateViolation[]): ContractVerdict {
  if (previous === "invalid") return "invalid";
  const open = violations.filter((v) => v.accepted === undefined);
  if (open.some((v) => v.severity === "error")) return "breaking";
  if (violations.some((v) => v.severity === "error")) return "accepted";
  if (open.some((v) => v.severity === "warning")) return "unchecked";
  return "compatible";
}

/** Whether an unaccepted error finding remains (the Action's `breaking` output). */
export function isBreaking(contracts: readonly ContractResult[]): boolean {
  return contracts.some((c) => c.verdict !== "invalid" && c.violations.some((v) => v.accepted === undefined && v.severity === "error"));
}

/**
 * The exit code: 2 when the run had problems or a contract is invalid; 1 when an unaccepted finding reaches
 * `failOn` (`error`: errors; `warning`: errors and warnings; `never`: none); else 0.
 */
export function exitCodeOf(contracts: readonly ContractResult[], problems: readonly GateProblem[], failOn: FailOn): 0 | 1 | 2 {
  if (problems.length > 0 || contracts.some((c) => c.verdict === "invalid")) return 2;
  if (failOn === "never") return 0;
  const open = contracts.flatMap((c) => c.violations.filter((v) => v.accepted === undefined));
  if (open.some((v) => v.severity === "error" || (failOn === "warning" && v.severity === "warning"))) return 1;
  return 0;
}
