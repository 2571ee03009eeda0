import { Errors, failure, success, type Outcome } from "../errors.js";

/** Confluent's default context, the only one Charter has (`GET /contexts`). */
export const DEFAULT_CONTEXT = ".";

/**
 * A Confluent context-qualified subject name (`:.staging:orders-value`, `:.:orders-value`) or the cross-context
 * wildcard `:*:` — Confluent `QualifiedSubject`: a leading `:` followed by `.<context>:` or `*:`.
 */
const QUALIFIED = /^:(\.[^:]*|\*):/;

/** Longest subject name accepted, in UTF-8 bytes. */
export const MAX_SUBJECT_BYTES = 255;

/**
 * Validates a subject name (already URL-decoded). Rejected with 42208: empty names, names over
 * {@link MAX_SUBJECT_BYTES} UTF-8 bytes, and names containing control characters (C0, DEL, C1) — Confluent
 * `QualifiedSubject.isValidSubject` rejects ISO control characters. Slashes, spaces and any other Unicode are
 * valid and round-trip unchanged. Context-qualified names (`:.staging:orders-value`) are refused with 42208 as
 * well, naming the unqualified subject to use: Charter implements only Confluent's default context, and storing
 * such a name as a literal subject would silently put it beside, not inside, a context.
 */
export function validateSubject(subject: string): Outcome<string> {
  if (subject.length === 0) return failure(Errors.invalidSubject("the subject name is empty"));
  const qualified = QUALIFIED.exec(subject);
  if (qualified !== null) {
    const bare = subject.slice(qualified[0].length);
    return failure(
      Errors.invalidSubject(
        `'${subject}' is qualified with the context '${qualified[1]}', and Charter does not implement Confluent contexts ` +
          `(only the default context '${DEFAULT_CONTEXT}'): use the unqualified subject name${bare === "" ? "" : ` '${bare}'`}, ` +
          `or a separate registry per context`,
      ),
    );
  }
  if (Buffer.byteLength(subject, "utf8") > MAX_SUBJECT_BYTES) {
    return failure(Errors.invalidSubject(`the subject name is longer than ${MAX_SUBJECT_BYTES} bytes`));
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/.test(subject)) {
    return failure(Errors.invalidSubject("the subject name contains control characters"));
  }
  // Lone surrogates cannot be stored as UTF-8 and would not round-trip.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(subject)) return failure(Errors.invalidSubject("the subject name is not valid Unicode"));
  return success(subject);
}
