import type { InputLimits } from "@charter/contracts/core";

/** Settings of `charter serve`, after flags and environment are combined. */
export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly dbPath: string;
  /** Authentication and roles on (`--auth`, `CHARTER_AUTH=on`). */
  readonly auth: boolean;
  /** Serve without authentication on a non-loopback address (`--allow-anonymous`, `CHARTER_ALLOW_ANONYMOUS=on`). */
  readonly allowAnonymous: boolean;
  /** PEM certificate and key files for HTTPS (`--tls-cert`/`--tls-key`, `CHARTER_TLS_CERT`/`CHARTER_TLS_KEY`); both or neither. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  /** pino level (`--log-level`, `CHARTER_LOG_LEVEL`): request lines are logged at `info` and below. */
  readonly logLevel: LogLevel;
  /** Prometheus metrics on `/metrics` (`--no-metrics`, `CHARTER_METRICS=off` turn them off). */
  readonly metrics: boolean;
  /** The web UI at `/ui` (`--no-ui`, `CHARTER_UI=off` turn it off). */
  readonly ui: boolean;
  /** The limits given by flag or environment; the others keep `DEFAULT_LIMITS` (docs/registry.md "Limits"). */
  readonly limits: Partial<InputLimits>;
  /** Schema worker threads; absent = the registry's default (CPUs, 1 … 4); 0 = none (no time budget). */
  readonly workers?: number;
  /** Browser origins allowed by CORS; empty = CORS off. */
  readonly corsOrigins: readonly string[];
}

/** pino's levels, quietest last. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Flags as commander hands them over. */
export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly db?: string;
  readonly auth?: boolean;
  readonly allowAnonymous?: boolean;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly logLevel?: string;
  /** `false` with `--no-metrics`. */
  readonly metrics?: boolean;
  /** `false` with `--no-ui`. */
  readonly ui?: boolean;
  readonly maxSchemaBytes?: string;
  readonly maxDepth?: string;
  readonly maxNodes?: string;
  readonly maxPatternLength?: string;
  readonly budgetMs?: string;
  readonly workers?: string;
  readonly corsOrigins?: string;
}

/**
 * Defaults: loopback only, Confluent's port, a database under ./data, no authentication, warn-level logs, metrics
 * on, the web UI on, default limits, CORS off.
 */
export const SERVE_DEFAULTS: ServeSettings = {
  host: "127.0.0.1",
  port: 8081,
  dbPath: "./data/charter.db",
  auth: false,
  allowAnonymous: false,
  logLevel: "warn",
  metrics: true,
  ui: true,
  limits: {},
  corsOrigins: [],
};

/** Each limit's flag (without `--`) and environment variable. */
export const LIMIT_SETTINGS: ReadonlyArray<{ readonly limit: keyof InputLimits; readonly flag: keyof ServeFlags; readonly option: string; readonly env: string }> = [
  { limit: "maxSchemaBytes", flag: "maxSchemaBytes", option: "max-schema-bytes", env: "CHARTER_MAX_SCHEMA_BYTES" },
  { limit: "maxDepth", flag: "maxDepth", option: "max-depth", env: "CHARTER_MAX_DEPTH" },
  { limit: "maxNodes", flag: "maxNodes", option: "max-nodes", env: "CHARTER_MAX_NODES" },
  { limit: "maxPatternLength", flag: "maxPatternLength", option: "max-pattern-length", env: "CHARTER_MAX_PATTERN_LENGTH" },
  { limit: "budgetMs", flag: "budgetMs", option: "budget-ms", env: "CHARTER_BUDGET_MS" },
];

/** True for addresses only this machine can reach: `localhost`, 127.0.0.0/8, `::1` (also as IPv4-mapped). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

const ON = new Set(["on", "true", "1", "yes"]);
const OFF = new Set(["off", "false", "0", "no"]);

/**
 * Combines flags, environment (`CHARTER_HOST`, `CHARTER_PORT`, `CHARTER_DB`, `CHARTER_AUTH`,
 * `CHARTER_ALLOW_ANONYMOUS`, `CHARTER_TLS_CERT`, `CHARTER_TLS_KEY`, `CHARTER_LOG_LEVEL`, `CHARTER_METRICS`, the
 * limits' `CHARTER_MAX_*` and `CHARTER_BUDGET_MS`, `CHARTER_WORKERS`, `CHARTER_CORS_ORIGINS`) and defaults; flags
 * win over the environment, which wins over defaults. Empty values count as unset. Returns an error message for a
 * port that is not an integer in 0 … 65535, an unknown log level or switch value, a TLS certificate without its
 * key (or the reverse), a limit that is not a positive integer, a worker count outside 0 … 64, and — secure by
 * default — a non-loopback host without authentication unless anonymous access is allowed explicitly. CORS
 * origins are a comma-separated list (`*` = any origin).
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
  const switches: Record<string, boolean> = {};
  for (const [key, flag, name, fallback] of [
    ["auth", flags.auth, "CHARTER_AUTH", false],
    ["allowAnonymous", flags.allowAnonymous, "CHARTER_ALLOW_ANONYMOUS", false],
    ["metrics", flags.metrics === false ? false : undefined, "CHARTER_METRICS", true],
    ["ui", flags.ui === false ? false : undefined, "CHARTER_UI", true],
  ] as const) {
    if (flag !== undefined) {
      switches[key] = flag;
      continue;
    }
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === "") switches[key] = fallback;
    else if (ON.has(raw)) switches[key] = true;
    else if (OFF.has(raw)) switches[key] = false;
    else return { ok: false, error: `Invalid ${name} '${env[name]}': expected on or off` };
  }
  const logLevel = pick(flags.logLevel, "CHARTER_LOG_LEVEL")?.toLowerCase() ?? SERVE_DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    return { ok: false, error: `Invalid log level '${logLevel}': expected one of ${LOG_LEVELS.join(", ")}` };
  }
  const tlsCert = pick(flags.tlsCert, "CHARTER_TLS_CERT");
  const tlsKey = pick(flags.tlsKey, "CHARTER_TLS_KEY");
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    return { ok: false, error: "TLS needs both --tls-cert and --tls-key" };
  }
  const limits: Partial<Record<keyof InputLimits, number>> = {};
  for (const s of LIMIT_SETTINGS) {
    const text = pick(flags[s.flag] as string | undefined, s.env);
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
  const host = pick(flags.host, "CHARTER_HOST") ?? SERVE_DEFAULTS.host;
  if (!switches.auth && !switches.allowAnonymous && !isLoopback(host)) {
    return {
      ok: false,
      error: `refusing to serve ${host} without authentication: anyone who can reach it could change or delete schemas. Pass --auth (and create users with 'charter users add'), or --allow-anonymous to accept that`,
    };
  }
  return {
    ok: true,
    value: {
      host,
      port,
      dbPath: pick(flags.db, "CHARTER_DB") ?? SERVE_DEFAULTS.dbPath,
      auth: switches.auth!,
      allowAnonymous: switches.allowAnonymous!,
      ...(tlsCert !== undefined && tlsKey !== undefined ? { tlsCert, tlsKey } : {}),
      logLevel: logLevel as LogLevel,
      metrics: switches.metrics!,
      ui: switches.ui!,
      limits,
      ...(workersText !== undefined ? { workers: Number(workersText) } : {}),
      corsOrigins,
    },
  };
}

/**
 * The message `charter serve` prints when the registry cannot start (after `cannot start: `): a port in use
 * (`EADDRINUSE`) names the port and the two ways to pick another, `--port` and `CHARTER_PORT`; a port the user
 * may not bind (`EACCES`, below 1024 without privileges) says so; anything else is the error's own message.
 */
export function startFailureMessage(error: unknown, settings: Pick<ServeSettings, "host" | "port">): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") {
    return `port ${settings.port} is in use: use --port or CHARTER_PORT to pick another (--port 0 takes any free one), or stop what listens there`;
  }
  if (code === "EACCES") return `no permission to listen on port ${settings.port}: use --port or CHARTER_PORT with a port above 1023`;
  if (code === "EADDRNOTAVAIL") return `address ${settings.host} is not one of this machine's: use --host or CHARTER_HOST`;
  return error instanceof Error ? error.message : String(error);
}
