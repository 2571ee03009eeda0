import type { Violation } from "@charter/contracts";
import { Broker } from "../broker/broker.js";
import { lenientJson } from "../contracts/bind-contract.js";
import { decodeMessage, type DecodedMessage } from "../contracts/decoded-message.js";
import { type ContractSource, type LoadedContract, loadContract, violationsOf } from "../contracts/load-contract.js";
import { type Difference, formatDifferences, partialDifferences } from "./partial-match.js";

/**
 * What `toHavePublished` compares against: any subset of a {@link DecodedMessage} (key as a string, value
 * decoded, headers as strings), each field partial with `toMatchObject` semantics; asymmetric matchers allowed.
 */
export interface PublishedMessagePattern {
  readonly key?: unknown;
  readonly value?: unknown;
  readonly headers?: unknown;
  readonly partition?: unknown;
  readonly offset?: unknown;
  readonly timestamp?: unknown;
}

/** The matchers `@charter/testkit/vitest` adds to `expect`. */
export interface CharterMatchers<R = unknown> {
  /**
   * Passes when `broker` holds a message on `topic` matching `pattern` (see {@link PublishedMessagePattern}).
   * On failure shows the closest message and the path-level differences.
   */
  toHavePublished(topic: string, pattern?: PublishedMessagePattern): R;
  /** Passes when exactly `times` messages on `topic` match `pattern` (every message when omitted). */
  toHavePublishedTimes(topic: string, times: number, pattern?: PublishedMessagePattern): R;
  /**
   * Passes when the value (a JS value, or JSON text as string/Buffer) satisfies the contract's value schema.
   * With a loaded contract (`loadContract`) it is synchronous; with a {@link ContractSource} it loads first and
   * must be awaited. Failure lists each violation's JSON Pointer path and rule.
   */
  toMatchContract(contract: ContractSource | LoadedContract): R;
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** The bits of vitest's matcher context the matchers use. */
interface MatcherContext {
  isNot: boolean;
  equals(a: unknown, b: unknown): boolean;
  utils: { stringify(v: unknown): string };
}

function requireBroker(received: unknown, matcher: string): Broker {
  if (!(received instanceof Broker)) throw new TypeError(`${matcher}: expect(...) must be given the broker from createBroker(); got ${typeof received}`);
  return received;
}

function matching(ctx: MatcherContext, messages: readonly DecodedMessage[], pattern: PublishedMessagePattern | undefined) {
  const scored = messages.map((m) => ({ m, diffs: pattern ? partialDifferences(m, pattern, (a, b) => ctx.equals(a, b)) : ([] as Difference[]) }));
  return { hits: scored.filter((s) => s.diffs.length === 0), closest: [...scored].sort((a, b) => a.diffs.length - b.diffs.length)[0] };
}

function describeClosest(ctx: MatcherContext, closest: { m: DecodedMessage; diffs: Difference[] } | undefined): string {
  if (!closest) return "";
  const { m, diffs } = closest;
  return (
    `\nClosest message (partition ${m.partition}, offset ${m.offset}):\n  ${ctx.utils.stringify({ key: m.key, value: m.value, headers: m.headers })}` +
    `\nDifferences:\n${formatDifferences(diffs, (v) => ctx.utils.stringify(v))}`
  );
}

/** `expect(broker).toHavePublished(topic, pattern)`. */
function toHavePublished(this: MatcherContext, received: unknown, topic: string, pattern?: PublishedMessagePattern): MatcherResult {
  const broker = requireBroker(received, "toHavePublished");
  const messages = broker.messages(topic).map((m) => decodeMessage(broker, m));
  const { hits, closest } = matching(this, messages, pattern);
  const what = pattern ? ` a message matching ${this.utils.stringify(pattern)}` : " any message";
  return {
    pass: hits.length > 0,
    message: () =>
      this.isNot
        ? `expected the broker not to have published${what} to "${topic}", but ${hits.length} did (first at partition ${hits[0]?.m.partition}, offset ${hits[0]?.m.offset})`
        : `expected the broker to have published${what} to "${topic}"; the topic has ${messages.length} message(s)${describeClosest(this, closest)}`,
  };
}

/** `expect(broker).toHavePublishedTimes(topic, n, pattern?)`. */
function toHavePublishedTimes(this: MatcherContext, received: unknown, topic: string, times: number, pattern?: PublishedMessagePattern): MatcherResult {
  const broker = requireBroker(received, "toHavePublishedTimes");
  const messages = broker.messages(topic).map((m) => decodeMessage(broker, m));
  const { hits, closest } = matching(this, messages, pattern);
  const what = pattern ? ` messages matching ${this.utils.stringify(pattern)}` : " messages";
  return {
    pass: hits.length === times,
    message: () =>
      `expected the broker ${this.isNot ? "not " : ""}to have published ${times}${what} to "${topic}", found ${hits.length}` +
      (hits.length === 0 ? describeClosest(this, closest) : ""),
  };
}

function contractResult(ctx: MatcherContext, value: unknown, contract: LoadedContract): MatcherResult {
  const schema = contract.value;
  if (!schema) throw new TypeError("toMatchContract: the contract binds no value schema");
  const actual = typeof value === "string" || Buffer.isBuffer(value) ? lenientJson(Buffer.from(value)) : value;
  const violations: readonly Violation[] = violationsOf(schema, actual);
  return {
    pass: violations.length === 0,
    message: () =>
      ctx.isNot
        ? `expected ${ctx.utils.stringify(actual)} not to match ${schema.origin}`
        : `expected ${ctx.utils.stringify(actual)} to match ${schema.origin}:\n${violations.map((v) => `  ${v.path || "/"}: ${v.message} (rule ${v.rule})`).join("\n")}`,
  };
}

/** `expect(value).toMatchContract(contract)`. */
function toMatchContract(this: MatcherContext, received: unknown, contract: ContractSource | LoadedContract): MatcherResult | Promise<MatcherResult> {
  if ("kind" in contract && contract.kind === "loaded-contract") return contractResult(this, received, contract);
  return loadContract(contract).then((loaded) => contractResult(this, received, loaded));
}

/** The matcher implementations, for `expect.extend(charterMatchers)`. */
export const charterMatchers = { toHavePublished, toHavePublishedTimes, toMatchContract };
