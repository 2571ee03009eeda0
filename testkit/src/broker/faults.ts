/** What `broker.faults.crashConsumer` arms: the group, and how many messages the victim handles first. */
export interface CrashPlan {
  readonly groupId: string;
  /** Messages the consumer resolves in its next batch before it crashes. Default 0 (crash before the first). */
  readonly afterMessages: number;
}

/**
 * Fault injection (`broker.faults`). Each fault is armed for a topic (or group) and consumed as it fires;
 * `clear()` disarms everything. Faults act on the broker, so every client of the broker sees them.
 */
export class Faults {
  private readonly sendFailures = new Map<string, { remaining: number; message: string }>();
  private readonly delays = new Map<string, number>();
  private readonly duplicates = new Map<string, number>();
  private readonly crashes: CrashPlan[] = [];

  /**
   * The next `count` sends to `topic` fail (`producer.send`/`sendBatch` reject; nothing is stored). A send that
   * carries several records fails whole. `message` becomes the error message.
   */
  failNextSends(topic: string, count = 1, message = `injected send failure on topic ${topic}`): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`failNextSends: count must be an integer ≥ 0; got ${count}`);
    if (count === 0) this.sendFailures.delete(topic);
    else this.sendFailures.set(topic, { remaining: count, message });
  }

  /**
   * Messages of `topic` reach consumers `ms` after they were appended (broker clock), from now on and for
   * messages already waiting. `0` removes the delay. Order within a partition is kept.
   */
  delayDeliveries(topic: string, ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`delayDeliveries: ms must be a finite number ≥ 0; got ${ms}`);
    if (ms === 0) this.delays.delete(topic);
    else this.delays.set(topic, ms);
  }

  /**
   * The next `count` messages delivered from `topic` (to whichever group takes them first) are delivered twice
   * in a row — same offset, as after a lost commit — so an idempotent consumer can be tested.
   */
  duplicateNextDeliveries(topic: string, count = 1): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`duplicateNextDeliveries: count must be an integer ≥ 0; got ${count}`);
    if (count === 0) this.duplicates.delete(topic);
    else this.duplicates.set(topic, count);
  }

  /**
   * The next member of `groupId` to take a batch crashes after resolving `afterMessages` of its messages: it
   * leaves the group without committing, its consumer emits `consumer.events.CRASH`, and its partitions
   * (with every uncommitted message) go to the rest of the group.
   */
  crashConsumer(groupId: string, options: { afterMessages?: number } = {}): void {
    const afterMessages = options.afterMessages ?? 0;
    if (!Number.isInteger(afterMessages) || afterMessages < 0) throw new RangeError(`crashConsumer: afterMessages must be an integer ≥ 0; got ${afterMessages}`);
    this.crashes.push({ groupId, afterMessages });
  }

  /** Disarms every fault. */
  clear(): void {
    this.sendFailures.clear();
    this.delays.clear();
    this.duplicates.clear();
    this.crashes.length = 0;
  }

  /** @internal Consumes one armed send failure of `topic`; returns its message. */
  takeSendFailure(topic: string): string | undefined {
    const f = this.sendFailures.get(topic);
    if (!f) return undefined;
    if (--f.remaining <= 0) this.sendFailures.delete(topic);
    return f.message;
  }

  /** @internal Delivery delay of `topic` in ms (0 when none). */
  delayOf(topic: string): number {
    return this.delays.get(topic) ?? 0;
  }

  /** @internal Consumes one armed duplicate of `topic`; true when the next message must be delivered twice. */
  takeDuplicate(topic: string): boolean {
    const n = this.duplicates.get(topic);
    if (!n) return false;
    if (n <= 1) this.duplicates.delete(topic);
    else this.duplicates.set(topic, n - 1);
    return true;
  }

  /** @internal Consumes the crash armed for `groupId`, if any. */
  takeCrash(groupId: string): CrashPlan | undefined {
    const i = this.crashes.findIndex((c) => c.groupId === groupId);
    return i < 0 ? undefined : this.crashes.splice(i, 1)[0];
  }
}
