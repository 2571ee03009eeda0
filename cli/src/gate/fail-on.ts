import type { FailOn } from "./result.js";

/**
 * Reads a `--fail-on` / `fail-on` value, case-insensitive: `error` (default; also oasdiff's `ERR`), `warning`
 * (`WARN`), `never` (also `none`, `false`). `undefined` for anything else.
 */
export function parseFailOn(value: string | undefined): FailOn | undefined {
  const v = (value ?? "").trim().toLowerCase();
  if (v === "" || v === "error" || v === "err") return "error";
  if (v === "warning" || v === "warn") return "warning";
  if (v === "never" || v === "none" || v === "false") return "never";
  return undefined;
}
