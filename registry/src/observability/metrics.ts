import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RegistryService } from "../service/registry-service.js";
import type { Storage } from "../storage/storage.js";

/** Latency buckets (seconds) for HTTP requests and storage operations: 0.5 ms … 10 s. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The registry's Prometheus metrics, in a registry of their own (so several registries in one process, as in
 * tests, do not collide). Names (all prefixed `charter_`, plus prom-client's default `process_*`/`nodejs_*`
 * metrics — CPU, memory, file descriptors, GC, event-loop lag):
 * - `charter_http_requests_total{method,route,status}` and `charter_http_request_duration_seconds{…}` — every
 *   answer, by route pattern (never the raw URL, so subjects do not become labels);
 * - `charter_registrations_total{result}` — created, existing, incompatible, rejected;
 * - `charter_compatibility_checks_total{level,verdict}`;
 * - `charter_schema_cache_entries{cache}`, `charter_schema_cache_requests_total{cache,result}`,
 *   `charter_schema_cache_hit_ratio{cache}` — the id map and the parsed-schema cache;
 * - `charter_storage_operation_duration_seconds{operation}` — reads and units of work ({@link instrumentStorage}).
 * Service counters are plain numbers read at scrape time, so requests pay no label lookups for them.
 */
export class RegistryMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"method" | "route" | "status">;
  private readonly durations: Histogram<"method" | "route" | "status">;
  readonly storageDuration: Histogram<"operation">;
  /** Bound children per `method route status`, so an answer costs one map lookup and two increments. */
  private readonly bound = new Map<string, { count: () => void; observe: (seconds: number) => void }>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: "charter_http_requests_total", help: "HTTP requests answered, by method, route pattern and status", labelNames: ["method", "route", "status"], registers });
    this.durations = new Histogram({ name: "charter_http_request_duration_seconds", help: "HTTP request latency, by method, route pattern and status", labelNames: ["method", "route", "status"], buckets: BUCKETS, registers });
    this.storageDuration = new Histogram({ name: "charter_storage_operation_duration_seconds", help: "Storage latency: reads by method, units of work as 'transaction'", labelNames: ["operation"], buckets: BUCKETS, registers });
  }

  /** Adds the metrics read from the service's counters and caches at scrape time. */
  watch(service: RegistryService): void {
    const registers = [this.registry];
    const stats = service.stats;
    new Counter({
      name: "charter_registrations_total",
      help: "Schema registrations by result: created (new version), existing (identical version answered), incompatible (409), rejected (other errors)",
      labelNames: ["result"],
      registers,
      collect() {
        this.reset();
        for (const [result, n] of Object.entries(stats.registrations)) this.inc({ result }, n);
      },
    });
    new Counter({
      name: "charter_compatibility_checks_total",
      help: "Compatibility checks (registrations and tests) by level and verdict",
      labelNames: ["level", "verdict"],
      registers,
      collect() {
        this.reset();
        for (const [key, n] of stats.checks) {
          const [level, verdict] = key.split("|") as [string, string];
          this.inc({ level, verdict }, n);
        }
      },
    });
    new Gauge({
      name: "charter_schema_cache_entries",
      help: "Entries in the in-memory schema caches: ids (schemas by id), parsed (parsed schemas), formatted (schemas in another format)",
      labelNames: ["cache"],
      registers,
      collect() {
        for (const [cache, n] of Object.entries(service.cacheSizes())) this.set({ cache }, n);
      },
    });
    new Counter({
      name: "charter_schema_cache_requests_total",
      help: "Cache lookups by cache and result (hit, miss)",
      labelNames: ["cache", "result"],
      registers,
      collect() {
        this.reset();
        for (const [cache, c] of Object.entries(stats.cache)) {
          this.inc({ cache, result: "hit" }, c.hits);
          this.inc({ cache, result: "miss" }, c.misses);
        }
      },
    });
    new Gauge({
      name: "charter_schema_cache_hit_ratio",
      help: "Cache hits / lookups since start (1 when there were none)",
      labelNames: ["cache"],
      registers,
      collect() {
        for (const [cache, c] of Object.entries(stats.cache)) {
          const total = c.hits + c.misses;
          this.set({ cache }, total === 0 ? 1 : c.hits / total);
        }
      },
    });
  }

  /** Counts one answer (called from an `onResponse` hook). */
  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    let b = this.bound.get(key);
    if (b === undefined) {
      const labels = { method, route, status: String(status) };
      const counter = this.requests.labels(labels);
      const histogram = this.durations.labels(labels);
      b = { count: () => counter.inc(), observe: (s) => histogram.observe(s) };
      this.bound.set(key, b);
    }
    b.count();
    b.observe(seconds);
  }

  /**
   * Adds the `onResponse` accounting hook and `GET /metrics` (Prometheus text format 0.0.4). Only `onResponse`
   * runs per request: the answer is already on its way, and `reply.elapsedTime` gives the latency for free.
   */
  install(app: FastifyInstance): void {
    app.addHook("onResponse", (request, reply, done) => {
      this.observe(request.method, request.routeOptions.url ?? "unmatched", reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    app.get("/metrics", async (_request, reply) => reply.header("content-type", this.registry.contentType).send(await this.registry.metrics()));
  }
}

/**
 * Wraps a {@link Storage} so every read outside a unit of work and every unit of work (`transaction`, the whole
 * read-check-write including its commit) is timed into `histogram`. Other members pass through.
 */
export function instrumentStorage(storage: Storage, histogram: Histogram<"operation">): Storage {
  const timed = new Map<PropertyKey, unknown>();
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "close" || property === "constructor") return value;
      let wrapper = timed.get(property);
      if (wrapper === undefined) {
        const operation = property === "withTransaction" ? "transaction" : String(property);
        const fn = value as (...args: unknown[]) => unknown;
        wrapper = async (...args: unknown[]) => {
          const end = histogram.startTimer({ operation });
          try {
            return await fn.apply(target, args);
          } finally {
            end();
          }
        };
        timed.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
