import type { InputLimits } from "@charter/contracts";

/** Settings of `charter serve`, after flags and environment are combined. */
export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly dbPath: string;
  /** The limits given by flag or environment; the others keep `DEFAULT_LIMITS` (docs/registry.md "Limits"). */
  readonly limits: Partial<InputLimits>;
  /** Schema worker threads; absent = the registry's default (CPUs, 1 … 4); 0 = none (no time budget). */
  readonly workers?: number;
  /** Browser origins allowed by CORS; empty = CORS off. */
  readonly corsOrigins: readonly string[];
}

/** Flags as commander hands them over (all optional strings). */
export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly db?: string;
  readonly maxSchemaBytes?: string;
  readonly maxDepth?: string;
  readonly maxNodes?: string;
  readonly maxPatternLength?: string;
  readonly budgetMs?: string;
  readonly workers?: string;
  readonly corsOrigins?: string;
}

/** Defaults: loopback only, Confluent's port, a database under ./data, default limits, CORS off. */
export const SERVE_DEFAULTS: ServeSettings = { host: "127.0.0.1", port: 8081, dbPath: "./data/charter.db", limits: {}, corsOrigins: [] };

/** Each limit's flag (without `--`) and environment variable. */
export const LIMIT_SETTINGS: ReadonlyArray<{ readonly limit: keyof InputLimits; readonly flag: keyof ServeFlags; readonly option: string; readonly env: string }> = [
  { limit: "maxSchemaBytes", flag: "maxSchemaBytes", option: "max-schema-bytes", env: "CHARTER_MAX_SCHEMA_BYTES" },
  { limit: "maxDepth", flag: "maxDepth", option: "max-depth", env: "CHARTER_MAX_DEPTH" },
  { limit: "maxNodes", flag: "maxNodes", option: "max-nodes", env: "CHARTER_MAX_NODES" },
  { limit: "maxPatternLength", flag: "maxPatternLength", option: "max-pattern-length", env: "CHARTER_MAX_PATTERN_LENGTH" },
  { limit: "budgetMs", flag: "budgetMs", option: "budget-ms", env: "CHARTER_BUDGET_MS" },
];

/**
 * Combines flags, environment (`CHARTER_HOST`, `CHARTER_PORT`, `CHARTER_DB`, the limits' `CHARTER_MAX_*` and
 * `CHARTER_BUDGET_MS`, `CHARTER_WORKERS`, `CHARTER_CORS_ORIGINS`) and defaults; flags win over the environment,
 * which wins over defaults. Empty values count as unset. Returns an error message for a port that is not an
 * integer in 0 … 65535 (0 = any free port), a limit that is not a positive integer, or a worker count that is
 * not an integer in 0 … 64. CORS origins are a comma-separated list (`*` = any origin).
 */
export function resolveServeSettings(
  flags: ServeFlags,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; value: ServeSettings } | { ok: false; error: string } {
  const pick = (flag: string | undefined, name: string): string | undefined =>
    flag !== undefined && flag !== "" ? flag : env[name] !== undefined && env[name] !== "" ? env[name] : undefined;
  const portText = pick(flags.port, "CHARTER_PORT");
  let port = SERVE_DEFAULTS.port;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
      return { ok: false, error: `Invalid port '${portText}': expected an integer between 0 and 65535` };
    }
    port = Number(portText);
  }
  const limits: Partial<Record<keyof InputLimits, number>> = {};
  for (const s of LIMIT_SETTINGS) {
    const text = pick(flags[s.flag], s.env);
    if (text === undefined) continue;
    if (!/^\d{1,15}$/.test(text) || Number(text) === 0) {
      return { ok: false, error: `Invalid --${s.option} '${text}': expected a positive integer` };
    }
    limits[s.limit] = Number(text);
  }
  const workersText = pick(flags.workers, "CHARTER_WORKERS");
  if (workersText !== undefined && (!/^\d{1,2}$/.test(workersText) || Number(workersText) > 64)) {
    return { ok: false, error: `Invalid --workers '${workersText}': expected an integer between 0 and 64` };
  }
  const corsOrigins = (pick(flags.corsOrigins, "CHARTER_CORS_ORIGINS") ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  return {
    ok: true,
    value: {
      host: pick(flags.host, "CHARTER_HOST") ?? SERVE_DEFAULTS.host,
      port,
      dbPath: pick(flags.db, "CHARTER_DB") ?? SERVE_DEFAULTS.dbPath,
      limits,
      ...(workersText !== undefined ? { workers: Number(workersText) } : {}),
      corsOrigins,
    },
  };
}
