/** Settings of `charter serve`, after flags and environment are combined. */
export interface ServeSettings {
  readonly host: string;
  readonly port: number;
  readonly dbPath: string;
}

/** Flags as commander hands them over (all optional strings). */
export interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly db?: string;
}

/** Defaults: loopback only, Confluent's port, a database under ./data. */
export const SERVE_DEFAULTS: ServeSettings = { host: "127.0.0.1", port: 8081, dbPath: "./data/charter.db" };

/**
 * Combines flags, environment (`CHARTER_HOST`, `CHARTER_PORT`, `CHARTER_DB`) and defaults; flags win over the
 * environment, which wins over defaults. Empty values count as unset. Returns an error message for a port that
 * is not an integer in 0 … 65535 (0 = any free port).
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
  return {
    ok: true,
    value: {
      host: pick(flags.host, "CHARTER_HOST") ?? SERVE_DEFAULTS.host,
      port,
      dbPath: pick(flags.db, "CHARTER_DB") ?? SERVE_DEFAULTS.dbPath,
    },
  };
}
