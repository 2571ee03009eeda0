import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from "kafkajs";
import { describe, expect, it } from "vitest";
import { ConsumerRetrier, isRetriable, shouldRestart } from "./consumer-retrier.js";

describe("ConsumerRetrier (kafkajs src/retry/index.js around Runner#scheduleFetchManager)", () => {
  it("waits initialRetryTime, then ×multiplier, capped at maxRetryTime; after `retries` retries crashes with KafkaJSNumberOfRetriesExceeded", () => {
    const retrier = new ConsumerRetrier({ retries: 3, initialRetryTime: 100, multiplier: 3, maxRetryTime: 500, factor: 0 });
    const cause = new Error("db down");
    expect(retrier.onFailure(cause)).toEqual({ action: "retry", waitMs: 100, retryCount: 1 });
    expect(retrier.onFailure(cause)).toEqual({ action: "retry", waitMs: 300, retryCount: 2 });
    expect(retrier.onFailure(cause)).toEqual({ action: "retry", waitMs: 500, retryCount: 3 });
    const crash = retrier.onFailure(cause);
    expect(crash).toMatchObject({ action: "crash", restartable: true });
    const error = (crash as { error: Error }).error;
    expect(error).toBeInstanceOf(KafkaJSNumberOfRetriesExceeded);
    expect(error).toMatchObject({ name: "KafkaJSNumberOfRetriesExceeded", message: "db down", retryCount: 3, retryTime: 500, cause });
    retrier.reset();
    expect(retrier.onFailure(cause)).toEqual({ action: "retry", waitMs: 100, retryCount: 1 });
  });

  it("randomizes each wait by ±factor as kafkajs's randomFromRetryTime (ceil of a uniform draw)", () => {
    const low = new ConsumerRetrier({ initialRetryTime: 300, factor: 0.2 }, () => 0);
    const high = new ConsumerRetrier({ initialRetryTime: 300, factor: 0.2 }, () => 0.999999);
    expect(low.onFailure(new Error("x"))).toMatchObject({ waitMs: 240 });
    expect(high.onFailure(new Error("x"))).toMatchObject({ waitMs: 360 });
    // Defaults: 5 retries, then the crash.
    const defaults = new ConsumerRetrier({}, () => 0.5);
    const actions = Array.from({ length: 6 }, () => defaults.onFailure(new Error("x")).action);
    expect(actions).toEqual(["retry", "retry", "retry", "retry", "retry", "crash"]);
  });

  it("does not retry TypeError, RangeError, ReferenceError, SyntaxError or errors marked retriable: false", () => {
    for (const e of [new TypeError("t"), new SyntaxError("s"), new RangeError("r"), new ReferenceError("f"), Object.assign(new Error("no"), { retriable: false })]) {
      expect(isRetriable(e)).toBe(false);
      const decision = new ConsumerRetrier().onFailure(e);
      expect(decision).toMatchObject({ action: "crash", restartable: false });
      const error = (decision as { error: Error }).error;
      expect(error).toBeInstanceOf(KafkaJSNonRetriableError);
      expect(error).toMatchObject({ message: e.message, cause: e, retriable: false });
    }
    expect(isRetriable(new Error("plain"))).toBe(true);
    expect(isRetriable(Object.assign(new Error("kafka"), { retriable: true }))).toBe(true);
  });

  it("shouldRestart follows kafkajs's onCrash: retries exceeded or a retriable original cause, unless restartOnFailure says no", async () => {
    const exceeded = new KafkaJSNumberOfRetriesExceeded(new Error("x"), { retryCount: 5, retryTime: 1 });
    const ignore = () => {};
    expect(await shouldRestart(exceeded, true, undefined, ignore)).toBe(true);
    expect(await shouldRestart(exceeded, true, async () => false, ignore)).toBe(false);
    const failures: unknown[] = [];
    expect(await shouldRestart(exceeded, true, async () => Promise.reject(new Error("callback broke")), (e) => failures.push(e))).toBe(true);
    expect(failures).toHaveLength(1);
    expect(await shouldRestart(new KafkaJSNonRetriableError("fatal"), false, async () => true, ignore)).toBe(false);
  });
});
