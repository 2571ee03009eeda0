import type { IncomingMessage } from "node:http";
import cors from "@fastify/cors";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { checkJsonShape, lazyFormat, resolveLimits, type CompatibilityLevel, type Format, type InputLimits, type JsonValue } from "@charter/contracts/core";
import { installAuth } from "./auth/auth-hook.js";
import { Authenticator, type AuthenticatorOptions } from "./auth/authenticator.js";
import { readBuildInfo } from "./build-info.js";
import { Errors } from "./errors.js";
import { instrumentStorage, RegistryMetrics } from "./observability/metrics.js";
import { compatibilityRoutes } from "./routes/compatibility.js";
import { configRoutes } from "./routes/config.js";
import { contextsRoutes } from "./routes/contexts.js";
import { healthRoutes } from "./routes/health.js";
import { sendError } from "./routes/http.js";
import { modeRoutes } from "./routes/mode.js";
import { rootRoutes } from "./routes/root.js";
import { schemasRoutes } from "./routes/schemas.js";
import { subjectsRoutes } from "./routes/subjects.js";
import { DEFAULT_UI_DIR, uiRoutes } from "./routes/ui.js";
import { RegistryService } from "./service/registry-service.js";
import { openStorage } from "./storage/open-storage.js";
import type { Storage } from "./storage/storage.js";
import { inProcessSchemaExecutor, workerSchemaExecutor, type SchemaExecutor } from "./worker/schema-executor.js";

/** Charter's registry version, reported by `GET /v1/metadata/version`. */
export const REGISTRY_VERSION = "0.1.0";

/** Options for {@link buildRegistry}. Give `storage` or `dbPath`. */
export interface RegistryOptions {
  /** An open store. The registry closes it when the Fastify instance closes. */
  readonly storage?: Storage;
  /**
   * The database to open when no `storage` is given: a SQLite file (created when missing), `:memory:`, or a
   * `postgres://…` URL (see `openStorage`). Default `:memory:`.
   */
  readonly dbPath?: string;
  /** Largest schema text, in UTF-8 bytes (42209 above). Default 1 MiB. Same as `limits.maxSchemaBytes` (this wins). */
  readonly maxSchemaBytes?: number;
  /**
   * What user input may cost (`InputLimits` of `@charter/contracts`, defaults `DEFAULT_LIMITS`): schema size,
   * depth (of schemas and request bodies), number of values, regex length, and the time budget of each parse
   * and each compatibility check. See "Limits" in docs/registry.md.
   */
  readonly limits?: Partial<InputLimits>;
  /**
   * Worker threads that parse and check schemas under `limits.budgetMs`. Default: the number of CPUs (1 … 4).
   * 0 runs them on the main thread, with no time budget (embedding; injected `formats` always run there).
   */
  readonly workers?: number;
  /**
   * Origins allowed to call the registry from a browser (CORS), e.g. `["https://ui.example.com"]`; `["*"]` for
   * any. Default none: no CORS headers, so browsers keep other sites' pages from reading answers.
   */
  readonly corsOrigins?: readonly string[];
  /** Fastify's logger option (`false` in tests). Default false. */
  readonly logger?: FastifyServerOptions["logger"];
  /** Level in force while no global level is set. Default BACKWARD. */
  readonly defaultCompatibility?: CompatibilityLevel;
  /** Engine lookup (default `lazyFormat` from `@charter/contracts/core`: each engine is imported on its first parse). */
  readonly formats?: (type: string) => Format | undefined;
  /** Schema types for `GET /schemas/types` (default the engines in this build). */
  readonly schemaTypes?: () => readonly string[];
  /** `GET /v1/metadata/version` `commitId`. Default: the commit the build recorded ({@link readBuildInfo}), else "unknown". */
  readonly commitId?: string;
  /** `GET /v1/metadata/id` `schema-registry-cluster`. Default "charter". */
  readonly clusterId?: string;
  /**
   * Authentication and roles (`auth/`): `true` or settings turn it on (users from the store); default off.
   * With it on, every route but `/health/*` needs credentials.
   */
  readonly auth?: boolean | Omit<AuthenticatorOptions, "users">;
  /** TLS: PEM certificate (chain) and private key; Fastify then serves HTTPS. Default: plain HTTP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Prometheus metrics (`GET /metrics`, per-request accounting in `onResponse`). Default true. */
  readonly metrics?: boolean;
  /**
   * The web UI at `/ui` (`routes/ui.ts`): `true` serves the build shipped in the package (`ui-dist/`), a string
   * serves the build in that directory, `false` serves none. With it on, `GET /` from a browser (`Accept:
   * text/html`) is redirected to `/ui/`. Default true.
   */
  readonly ui?: boolean | string;
}

/** Log levels at which Fastify logs every request (with its id); above them only warnings and errors are logged. */
const REQUEST_LOG_LEVELS = new Set(["info", "debug", "trace"]);

// Request ids: the caller's `X-Request-Id` when it is a short printable token, else a per-process counter.
let requestCounter = 0;
function requestId(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  if (typeof given === "string" && given.length > 0 && given.length <= 128 && /^[\x21-\x7e]+$/.test(given)) return given;
  return `req-${(++requestCounter).toString(36)}`;
}

// Request media types Confluent's resources consume, all parsed as JSON. Anything else (text/plain and form
// types — what a page on another site can send without a CORS preflight — or no type at all) is 415.
const JSON_MEDIA_TYPES = [
  "application/vnd.schemaregistry.v1+json",
  "application/vnd.schemaregistry+json",
  "application/json",
  "application/octet-stream",
];

function badJson(message: string): FastifyError {
  const e = new Error(message) as FastifyError;
  e.statusCode = 400;
  e.code = "CHARTER_INVALID_JSON";
  return e;
}

/**
 * Builds the Confluent-compatible registry as a Fastify instance (not listening; use `app.inject` in tests or
 * `app.listen`). Routes are plugins over one {@link RegistryService}; every error leaves through the catalogue in
 * `errors.ts`: malformed JSON, or a body nesting deeper than `limits.maxDepth` → 400 `{error_code: 400}`
 * (Confluent rest-utils `JsonParseExceptionMapper`; Jackson limits nesting too), a body in another media type →
 * 415 / 415, a body over the limit → 422 / 42209 (the same answer as a schema over `maxSchemaBytes`;
 * Confluent's only size error), a parse or check over its budget → 422 / 42201, unknown routes → 404 / 404,
 * anything unexpected (store failures) → 500 / 50001, never a stack. Parses and compatibility checks run on
 * worker threads (`worker/schema-executor.ts`); `GET /schemas/ids/{id}` is answered on the main thread from memory.
 * @throws RangeError for invalid `limits`; the store's errors when it cannot open.
 */
export async function buildRegistry(options: RegistryOptions = {}): Promise<FastifyInstance> {
  const limits = resolveLimits({ ...options.limits, ...(options.maxSchemaBytes !== undefined ? { maxSchemaBytes: options.maxSchemaBytes } : {}) });
  const maxSchemaBytes = limits.maxSchemaBytes;
  const rawStorage = options.storage ?? (await openStorage(options.dbPath ?? ":memory:"));
  const metrics = options.metrics !== false ? new RegistryMetrics() : undefined;
  const storage: Storage = metrics !== undefined ? instrumentStorage(rawStorage, metrics.storageDuration) : rawStorage;
  const executor: SchemaExecutor =
    options.formats !== undefined || options.workers === 0
      ? inProcessSchemaExecutor(options.formats ?? lazyFormat)
      : workerSchemaExecutor({ budgetMs: limits.budgetMs, ...(options.workers !== undefined ? { workers: options.workers } : {}) });
  let service: RegistryService;
  try {
    service = await RegistryService.create({
      storage,
      maxSchemaBytes,
      maxDepth: limits.maxDepth,
      maxNodes: limits.maxNodes,
      maxPatternLength: limits.maxPatternLength,
      executor,
      ...(options.defaultCompatibility !== undefined ? { defaultCompatibility: options.defaultCompatibility } : {}),
      ...(options.formats !== undefined ? { formats: options.formats } : {}),
      ...(options.schemaTypes !== undefined ? { schemaTypes: options.schemaTypes } : {}),
    });
  } catch (e) {
    await executor.close();
    await storage.close();
    throw e;
  }
  metrics?.watch(service);
  const authenticator =
    options.auth === undefined || options.auth === false
      ? undefined
      : new Authenticator({ ...(options.auth === true ? {} : options.auth), users: storage });
  await authenticator?.reload();

  const logger = options.logger ?? false;
  const level = typeof logger === "object" && logger !== null && "level" in logger ? logger.level : logger === true ? "info" : undefined;
  const logRequests = level !== undefined && REQUEST_LOG_LEVELS.has(level);
  const app = Fastify({
    // Never log credentials or bodies: request serializers log method, URL and addresses only; redact anyway.
    logger: typeof logger === "object" && logger !== null ? { redact: ["req.headers.authorization", "req.headers.cookie"], ...logger } : logger,
    genReqId: requestId,
    ...(options.tls !== undefined ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    // A JSON-escaped schema can be up to 6× its text (\uXXXX); never refuse a body whose schema is within limits.
    bodyLimit: maxSchemaBytes * 6 + 64 * 1024,
    // Subject names are validated by the service (42208), not cut off by the router.
    routerOptions: { maxParamLength: 16 * 1024, ignoreTrailingSlash: true },
    // Errors Fastify answers before any route or error handler runs (a bad %-escape in the URL, a path
    // parameter over the router's limit) still leave through the catalogue: 400 / 400.
    frameworkErrors: (error, _request, reply) => {
      void sendError(reply, Errors.badRequest(error.message));
    },
    return503OnClosing: true,
    // Request lines (with the request id, `reqId`) and per-request child loggers only at info and below: at the
    // default warn they would be dropped anyway, and they cost the read path measurably against bare Fastify.
    // Errors logged above info name the request id themselves.
    ...(logRequests ? {} : { childLoggerFactory: (parent: FastifyBaseLogger) => parent, logController: new LogController({ disableRequestLogging: true }) }),
  }) as unknown as FastifyInstance;

  // Answers sent while the server drains (close() called) close their connection: a keep-alive client would
  // otherwise hold the shutdown until the connection's idle timeout, 5 s after its last answer.
  let draining = false;
  app.addHook("preClose", (done) => {
    draining = true;
    done();
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (draining) void reply.header("connection", "close");
    done(null, payload);
  });

  app.removeAllContentTypeParsers();
  const parseJson = (_request: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const textBody = typeof body === "string" ? body : body.toString("utf8");
    if (textBody.trim() === "") return done(null, undefined);
    let value: unknown;
    try {
      value = JSON.parse(textBody);
    } catch (e) {
      return done(badJson(`Malformed JSON body: ${e instanceof Error ? e.message : String(e)}`));
    }
    // Bodies are checked for depth before anything walks them (error messages echo values).
    const tooLarge = checkJsonShape(value as JsonValue, { maxDepth: limits.maxDepth, maxNodes: limits.maxNodes }, "Request body");
    if (tooLarge !== undefined) return done(badJson(tooLarge.message));
    done(null, value);
  };
  app.addContentTypeParser(JSON_MEDIA_TYPES, { parseAs: "string" }, parseJson);
  if (options.corsOrigins !== undefined && options.corsOrigins.length > 0) {
    const origins = options.corsOrigins;
    await app.register(cors, { origin: origins.includes("*") ? "*" : [...origins], methods: ["GET", "HEAD", "POST", "PUT", "DELETE"] });
  }


  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return sendError(reply, Errors.schemaTooLarge(maxSchemaBytes));
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return sendError(reply, Errors.unsupportedMediaType(request.headers["content-type"] ?? ""));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, Errors.badRequest(error.message));
    request.log.error({ reqId: request.id, err: error }, "request failed");
    return sendError(reply, Errors.storeError());
  });
  // Answers given outside route handlers are counted where they are sent.
  if (metrics !== undefined) {
    app.addHook("onError", async (request, reply) => {
      reply.raw.once("close", () => metrics.recordAnswer(request, reply));
    });
  }
  // Hooks on the root instance, before the routes, so they apply to every route (and to 404s).
  metrics?.install(app);
  installAuth(app, { authenticator, service, ...(metrics !== undefined ? { recordAnswer: (request, reply) => metrics.recordAnswer(request, reply) } : {}) });
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, Errors.routeNotFound(request.method, request.url));
    metrics?.recordAnswer(request, reply);
    return reply;
  });
  await app.register(healthRoutes, { storage });
  const uiDir = options.ui === false ? undefined : typeof options.ui === "string" ? options.ui : DEFAULT_UI_DIR;
  await app.register(rootRoutes, {
    version: REGISTRY_VERSION,
    commitId: options.commitId ?? readBuildInfo().commitId,
    clusterId: options.clusterId ?? "charter",
    ...(uiDir !== undefined ? { uiPath: "/ui/" } : {}),
  });
  await app.register(schemasRoutes, { service });
  await app.register(subjectsRoutes, { service });
  await app.register(compatibilityRoutes, { service });
  await app.register(configRoutes, { service });
  await app.register(modeRoutes, { service });
  await app.register(contextsRoutes);
  if (uiDir !== undefined) await app.register(uiRoutes, { dir: uiDir });

  // Fastify drains in-flight requests before onClose hooks run; only then is the store released.
  app.addHook("onClose", async () => {
    await service.close();
    await executor.close();
    await storage.close();
  });
  return app;
}
