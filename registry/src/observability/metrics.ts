import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { RegistryService } from "../service/registry-service.js";
import type { Storage } from "../storage/storage.js";

/** Latency buckets (seconds) for HTTP requests and storage operations: 0.5 ms … 10 s. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One `method route status` series of the HTTP metrics: a count, a sum and per-bucket counts (not cumulative). */
interface HttpSeries {
  readonly labels: string;
  count: number;
  sum: number;
  readonly buckets: Float64Array;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/**
 * HTTP request counts and latency histograms kept in plain numbers: recording an answer is a map lookup by
 * status and a few increments (prom-client's labelled children hash their labels on every call, which the read
 * path would pay). Rendered as Prometheus text at scrape time.
 */
class HttpStats {
  /** `method route` → status → series. */
  private readonly routes = new Map<string, Map<number, HttpSeries>>();

  /** A recorder for one route: what its `onResponse` hook calls with the status and the latency in ms. */
  recorder(method: string, route: string): (status: number, elapsedMs: number) => void {
    const key = `${method} ${route}`;
    let byStatus = this.routes.get(key);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.routes.set(key, byStatus);
    }
    const statuses = byStatus;
    const prefix = `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="`;
    return (status, elapsedMs) => {
      let series = statuses.get(status);
      if (series === undefined) {
        series = { labels: `${prefix}${status}"`, count: 0, sum: 0, buckets: new Float64Array(BUCKETS.length) };
        statuses.set(status, series);
      }
      const seconds = elapsedMs / 1000;
      series.count++;
      series.sum += seconds;
      for (let i = 0; i < BUCKETS.length; i++) {
        if (seconds <= BUCKETS[i]!) {
          series.buckets[i]!++;
          break;
        }
      }
    };
  }

  /** The two metric families in Prometheus text format 0.0.4. */
  render(): string {
    const all = [...this.routes.values()].flatMap((m) => [...m.values()]);
    const lines = [
      "# HELP charter_http_requests_total HTTP requests answered, by method, route pattern and status",
      "# TYPE charter_http_requests_total counter",
      ...all.map((s) => `charter_http_requests_total{${s.labels}} ${s.count}`),
      "# HELP charter_http_request_duration_seconds HTTP request latency, by method, route pattern and status",
      "# TYPE charter_http_request_duration_seconds histogram",
    ];
    for (const s of all) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        lines.push(`charter_http_request_duration_seconds_bucket{${s.labels},le="${le}"} ${cumulative}`);
      });
      lines.push(`charter_http_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      lines.push(`charter_http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      lines.push(`charter_http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (process CPU, memory, file descriptors, GC, event-loop lag), collected once
 * per process: they describe the process, and each collection starts its own event-loop monitor and GC
 * observer, which several registries in one process (tests) must not multiply.
 */
function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The registry's Prometheus metrics, in a registry of their own (so several registries in one process, as in
 * tests, do not collide). Names (all prefixed `charter_`, plus prom-client's default `process_*`/`nodejs_*`
 * metrics — CPU, memory, file descriptors, GC, event-loop lag):
 * - `charter_http_requests_total{method,route,status}` and `charter_http_request_duration_seconds{…}` — every
 *   answer, by route pattern (never the raw URL, so subjects do not become labels; unknown URLs are
 *   `route="unmatched"`); the latency runs from the request's arrival until the answer is handed to the socket;
 * - `charter_registrations_total{result}` — created, existing, incompatible, rejected;
 * - `charter_compatibility_checks_total{level,verdict}`;
 * - `charter_schema_cache_entries{cache}`, `charter_schema_cache_requests_total{cache,result}`,
 *   `charter_schema_cache_hit_ratio{cache}` — the id map and the parsed-schema cache;
 * - `charter_storage_operation_duration_seconds{operation}` — reads and units of work ({@link instrumentStorage}).
 * Service counters are plain numbers read at scrape time, so requests pay no label lookups for them.
 */
export class RegistryMetrics {
  readonly registry = new Registry();
  private readonly http = new HttpStats();
  readonly storageDuration: Histogram<"operation">;

  constructor() {
    this.storageDuration = new Histogram({ name: "charter_storage_operation_duration_seconds", help: "Storage latency: reads by method, units of work as 'transaction'", labelNames: ["operation"], buckets: BUCKETS, registers: [this.registry] });
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

  /**
   * Adds `GET /metrics` (Prometheus text format 0.0.4) and the request accounting. No per-request hook: an
   * `onRoute` hook wraps each route's handler (registered after it) with a recorder whose route and method are
   * fixed when the route is added; a handler that answers synchronously — the read path — is recorded right
   * after it returns (status set, the answer handed to the socket, `reply.elapsedTime` measured by Fastify
   * anyway), one that awaits is recorded when its promise settles. Answers given outside handlers (errors,
   * 404s, refused credentials) are recorded by their senders through {@link recordAnswer}. Call before
   * registering routes.
   */
  install(app: FastifyInstance): void {
    app.addHook("onRoute", (route) => {
      const url = route.url ?? route.path;
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const recorders = new Map(methods.map((m) => [m, this.http.recorder(m, url)]));
      const handler = route.handler;
      route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
        const result = handler.call(this, request, reply) as unknown;
        const record = recorders.get(request.method);
        if (record === undefined) return result;
        if (reply.sent) {
          record(reply.statusCode, reply.elapsedTime);
        } else if (result instanceof Promise) {
          // Rejections leave through the error handler, which records them.
          result.then(
            () => (reply.sent ? record(reply.statusCode, reply.elapsedTime) : reply.raw.once("close", () => record(reply.statusCode, reply.elapsedTime))),
            () => undefined,
          );
        } else {
          reply.raw.once("close", () => record(reply.statusCode, reply.elapsedTime));
        }
        return result;
      };
    });
    app.get("/metrics", async (_request, reply) => {
      const text = `${await processMetrics().metrics()}\n${await this.registry.metrics()}\n${this.http.render()}`;
      return reply.header("content-type", this.registry.contentType).send(text);
    });
  }

  /**
   * Records an answer sent outside a route handler — by the error handler, the not-found handler or an
   * `onRequest` hook (401/403/429) — under its route pattern, or `unmatched` for unknown URLs.
   */
  recordAnswer(request: FastifyRequest, reply: FastifyReply): void {
    this.http.recorder(request.method, request.routeOptions.url ?? "unmatched")(reply.statusCode, reply.elapsedTime);
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
      // Not storage I/O: subscribing returns its unsubscribe function synchronously.
      if (property === "subscribe") return (value as (...args: unknown[]) => unknown).bind(target);
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
