/**
 * How the broker tells time. `auto` (default): a virtual clock that jumps straight to the next timer when the
 * broker has nothing else to do, so backoffs and delays cost no wall time. `manual`: a virtual clock that moves
 * only on {@link BrokerClock.advance}, for tests that look at what happens between two instants. `system`:
 * wall-clock time and real timers.
 */
export type ClockMode = "auto" | "manual" | "system";

/** The broker's clock (`broker.clock`). Times are milliseconds since the Unix epoch. */
export interface BrokerClock {
  readonly mode: ClockMode;
  /** Current time in ms. A virtual clock starts at the wall-clock time of `createBroker` (or `start`). */
  now(): number;
  /**
   * Moves a virtual clock forward by `ms`, running every timer that falls due, in time order. Resolves once
   * the broker has handled what those timers released. Throws `RangeError` for a negative `ms` and `Error` on a
   * `system` clock (real time cannot be advanced).
   */
  advance(ms: number): Promise<void>;
  /** Number of timers not yet run. */
  pendingTimers(): number;
}

/** A scheduled callback on a {@link Timeline}. */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
  cancelled: boolean;
  handle?: ReturnType<typeof setTimeout>;
}

/**
 * The timer queue behind {@link BrokerClock}: virtual (`auto`/`manual`) or backed by real `setTimeout`
 * (`system`). Internal to the broker.
 */
export class Timeline {
  private virtualNow: number;
  private readonly timers: Timer[] = [];
  private seq = 0;

  constructor(
    readonly mode: ClockMode,
    start: number = Date.now(),
  ) {
    this.virtualNow = start;
  }

  /** Current time in ms since the epoch (virtual, or `Date.now()` for `system`). */
  now(): number {
    return this.mode === "system" ? Date.now() : this.virtualNow;
  }

  /** Runs `run` once `delayMs` have passed; returns a cancel function. */
  schedule(delayMs: number, run: () => void): () => void {
    const timer: Timer = { at: this.now() + Math.max(0, delayMs), seq: this.seq++, run, cancelled: false };
    if (this.mode === "system") {
      timer.handle = setTimeout(() => {
        this.remove(timer);
        if (!timer.cancelled) run();
      }, Math.max(0, delayMs));
    }
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
      if (timer.handle) clearTimeout(timer.handle);
      this.remove(timer);
    };
  }

  /** Timers not yet run. */
  pending(): number {
    return this.timers.length;
  }

  /** The due time of the earliest timer, or `undefined` when none is pending. */
  nextDue(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /** Virtual clocks only: moves time to `to` (never backwards) running due timers in order. */
  advanceTo(to: number): void {
    if (this.mode === "system") throw new Error("a system clock cannot be advanced: create the broker with clock: \"auto\" or \"manual\"");
    for (;;) {
      const due = this.timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.remove(due);
      this.virtualNow = Math.max(this.virtualNow, due.at);
      due.run();
    }
    this.virtualNow = Math.max(this.virtualNow, to);
  }

  /** Cancels every timer (broker reset). */
  clear(): void {
    for (const t of this.timers) {
      t.cancelled = true;
      if (t.handle) clearTimeout(t.handle);
    }
    this.timers.length = 0;
  }

  private remove(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }
}
