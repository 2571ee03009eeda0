import type { InstrumentationEvent } from "kafkajs";
import { KafkaJSNonRetriableError } from "./kafkajs-runtime.js";

type Listener = (event: InstrumentationEvent<unknown>) => void;

/**
 * kafkajs instrumentation events: `on(eventName, listener)` returns a function that removes the listener;
 * events are `{ id, type, timestamp, payload }`. An unknown event name throws `KafkaJSNonRetriableError` as
 * kafkajs does.
 */
export class InstrumentationEmitter {
  private readonly listeners = new Map<string, Set<Listener>>();
  private nextId = 0;

  constructor(private readonly names: Readonly<Record<string, string>>) {}

  on(eventName: string, listener: Listener): () => void {
    const valid = Object.values(this.names);
    if (!valid.includes(eventName)) {
      throw new KafkaJSNonRetriableError(`Event name should be one of ${valid.join(", ")}`);
    }
    let set = this.listeners.get(eventName);
    if (!set) this.listeners.set(eventName, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** True when someone listens to `eventName` (lets callers skip building payloads). */
  has(eventName: string): boolean {
    return (this.listeners.get(eventName)?.size ?? 0) > 0;
  }

  /** Calls the listeners of `eventName` with a new event carrying `payload`. */
  emit(eventName: string, payload: unknown): void {
    const set = this.listeners.get(eventName);
    if (!set || set.size === 0) return;
    const event: InstrumentationEvent<unknown> = { id: String(this.nextId++), type: eventName, timestamp: Date.now(), payload };
    for (const l of [...set]) l(event);
  }
}
