import { MatchersV3 } from "@pact-foundation/pact";

/**
 * Whether `value` holds Pact matchers anywhere (V3/V4 matcher objects carry a `pact:matcher:type` key, as
 * `MatchersV3.like`, `eachLike`, `regex`, `integer`, `uuid`, `datetime`… build them). pact-js docs: a message
 * body given to `withJSONContent` may mix plain values and matchers.
 */
export function containsPactMatchers(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsPactMatchers);
  if (value === null || typeof value !== "object") return false;
  if ("pact:matcher:type" in value) return true;
  return Object.values(value).some(containsPactMatchers);
}

/**
 * The plain example a body with Pact matchers stands for (pact-js `MatchersV3.reify`: each matcher replaced by
 * its example value, `eachLike` expanded to its `min` items) — what the consumer's handler receives and what
 * the contract must accept. Plain values come back unchanged.
 */
export function reifyExample(value: unknown): unknown {
  return containsPactMatchers(value) ? MatchersV3.reify(value) : value;
}
