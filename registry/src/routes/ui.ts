import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { Errors } from "../errors.js";
import { sendError } from "./http.js";

/** Where the built UI lives in the registry package (`npm run build -w @charter/ui` writes it there). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL("../../ui-dist/", import.meta.url));

/** Options of {@link uiRoutes}. */
export interface UiRouteOptions {
  /** The built UI (Vite output with `index.html` and hashed `assets/`). */
  readonly dir: string;
}

/** `Cache-Control` of content-hashed assets: their name changes with their content, so they never go stale. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** `Cache-Control` of `index.html` and other unhashed files: revalidate every time (ETag / Last-Modified). */
export const REVALIDATE = "no-cache";

// Every file of the build, by its URL path under /ui/ ("assets/index-3f2a.js"), without the .br/.gz copies.
function listFiles(dir: string): Set<string> {
  const files = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.(br|gz)$/.test(entry.name)) files.add(relative(dir, full).split(sep).join("/"));
    }
  };
  walk(dir);
  return files;
}

/** True when the UI has been built into `dir` (it has an `index.html`). */
export function uiBuilt(dir: string): boolean {
  return existsSync(join(dir, "index.html")) && statSync(join(dir, "index.html")).isFile();
}

/**
 * Serves the web UI (a single-page app) under `/ui/`, from files listed once at start-up: a file of the build
 * is sent as is (`@fastify/static`, with its pre-compressed `.br`/`.gz` sibling when the client accepts one —
 * nothing is compressed per request), hashed `assets/` with {@link IMMUTABLE} caching, everything else with
 * {@link REVALIDATE}. Any other path under `/ui/` (a deep link such as `/ui/subjects/orders-value/versions/3`)
 * answers `index.html`, so shared URLs open the right page; a missing file under `assets/` is 404 (a stale
 * page asking for an old bundle must fail, not get HTML). Two routes, no hooks: the API's requests pay nothing.
 * Without a build in `dir`, `/ui` answers 404 saying how to build it.
 */
export const uiRoutes: FastifyPluginAsync<UiRouteOptions> = async (app, { dir }) => {
  if (!uiBuilt(dir)) {
    const notBuilt = (reply: FastifyReply) =>
      sendError(reply, Errors.routeNotFound("GET", `/ui (the UI is not built: run \`npm run build -w @charter/ui\`, which writes ${dir})`));
    app.get("/ui", async (_request, reply) => notBuilt(reply));
    app.get("/ui/*", async (_request, reply) => notBuilt(reply));
    return;
  }
  const files = listFiles(dir);
  await app.register(fastifyStatic, { root: dir, serve: false, preCompressed: true, decorateReply: true });
  const sendIndex = (reply: FastifyReply) => reply.header("cache-control", REVALIDATE).sendFile("index.html", { cacheControl: false });
  app.get("/ui", async (_request, reply) => sendIndex(reply));
  app.get<{ Params: { "*": string } }>("/ui/*", async (request, reply) => {
    const path = request.params["*"];
    if (files.has(path) && path !== "index.html") {
      return reply.header("cache-control", path.startsWith("assets/") ? IMMUTABLE : REVALIDATE).sendFile(path, { cacheControl: false });
    }
    if (path.startsWith("assets/")) return sendError(reply, Errors.routeNotFound(request.method, request.url));
    return sendIndex(reply);
  });
};
