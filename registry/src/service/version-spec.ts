import { Errors, failure, success, type Outcome } from "../errors.js";

/** Largest version number (Confluent: versions are Java ints ≥ 1). */
export const MAX_VERSION = 2 ** 31 - 1;

/** A version as named in a URL: a number, or the latest one. */
export type VersionSpec = number | "latest";

/**
 * Parses a `{version}` path segment. Accepted (Confluent `VersionId`): decimal integers 1 … 2^31−1, `latest`,
 * and `-1` (= latest). Anything else — `0`, `abc`, `2147483648`, `1.5`, `+1`, ` 1` — is 42202.
 */
export function parseVersionSpec(text: string): Outcome<VersionSpec> {
  if (text === "latest" || text === "-1") return success("latest");
  if (!/^[1-9][0-9]{0,9}$/.test(text)) return failure(Errors.invalidVersion(text));
  const n = Number(text);
  return n <= MAX_VERSION ? success(n) : failure(Errors.invalidVersion(text));
}
