import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { Format } from "@charter/contracts/core";
import { withAsyncApiFragmentLookup } from "../service/asyncapi-fragments.js";
import { ParsedSchemaCache, runSchemaTask, type SchemaTask, type SchemaTaskResult } from "./schema-tasks.js";
import { TaskTimeoutError, WorkerCrashedError, WorkerPool, type WorkerSource } from "./worker-pool.js";

/** A {@link SchemaTaskResult}, or why the task was stopped: over its time budget, or its worker died. */
export type SchemaOutcome = SchemaTaskResult | { readonly kind: "stopped"; readonly message: string };

/** Runs schema tasks (parse, canonical form, compatibility) away from storage I/O. */
export interface SchemaExecutor {
  run(task: SchemaTask): Promise<SchemaOutcome>;
  /** Releases the executor's workers. */
  close(): Promise<void>;
}

/**
 * Runs tasks on the calling thread with the given engines: for engines that cannot cross a thread boundary
 * (tests inject fakes) and for embedding. No budget can be enforced here.
 */
export function inProcessSchemaExecutor(formats: (type: string) => Format | undefined): SchemaExecutor {
  const context = { formats: withAsyncApiFragmentLookup(formats), cache: new ParsedSchemaCache() };
  return { run: (task) => runSchemaTask(task, context), close: async () => {} };
}

/** Options for {@link workerSchemaExecutor}. */
export interface WorkerExecutorOptions {
  /** Budget of one task (a parse, a compatibility check), in milliseconds. */
  readonly budgetMs: number;
  /** Most worker threads. Default: the number of CPUs, at least 1, at most 4. */
  readonly workers?: number;
  /** Heap limit of each worker, in MiB. Default 512. */
  readonly workerHeapMb?: number;
}

/**
 * How to start the worker: the compiled `schema-worker.js` beside this module; from TypeScript sources (vitest,
 * tsx) the `.ts` entry loaded through tsx, with the repository's test tsconfig (its `paths` map `@charter/*`
 * onto the sources) when there is one.
 */
function workerSource(): WorkerSource {
  if (!import.meta.url.endsWith(".ts")) return { url: new URL("./schema-worker.js", import.meta.url) };
  const entry = new URL("./schema-worker.ts", import.meta.url).href;
  const tsconfig = fileURLToPath(new URL("../../../tsconfig.test.json", import.meta.url));
  const options = existsSync(tsconfig) ? `{ tsconfig: ${JSON.stringify(tsconfig)} }` : "";
  return { code: `import("tsx/esm/api").then(({ register }) => { register(${options}); return import(${JSON.stringify(entry)}); });` };
}

/**
 * Grace before an unused shared pool is closed, so registries built one after another in a process (tests, one
 * test file after another) reuse its workers instead of loading the engines again (about 3 CPU-seconds per worker
 * under tsx, 0.7 built). The timer is unref'd: an idle pool never keeps the process alive.
 */
const IDLE_CLOSE_MS = 30_000;

interface SharedPool {
  readonly pool: WorkerPool<SchemaTask, SchemaTaskResult>;
  users: number;
  closing?: NodeJS.Timeout;
}

const shared = new Map<string, SharedPool>();

/**
 * Runs tasks on a pool of worker threads (`worker-pool.ts`), each task under `budgetMs`: a parse or check that
 * runs over it, or kills its worker (out of memory), answers `stopped` while every other request goes on.
 * Executors with the same settings share one pool in a process; `close()` releases it (the pool's workers are
 * terminated shortly after its last user closes, and never keep the process alive meanwhile).
 */
export function workerSchemaExecutor(options: WorkerExecutorOptions): SchemaExecutor {
  const size = options.workers ?? Math.max(1, Math.min(4, availableParallelism()));
  const heapMb = options.workerHeapMb ?? 512;
  const key = `${size}/${options.budgetMs}/${heapMb}`;
  let entry = shared.get(key);
  if (entry === undefined) {
    entry = {
      // One worker starts with the pool, so the first registration does not wait for the engines to load.
      pool: new WorkerPool({ source: workerSource(), size, warm: 1, taskTimeoutMs: options.budgetMs, resourceLimits: { maxOldGenerationSizeMb: heapMb } }),
      users: 0,
    };
    shared.set(key, entry);
  }
  const mine = entry;
  if (mine.closing !== undefined) clearTimeout(mine.closing);
  mine.closing = undefined;
  mine.users++;
  let released = false;
  return {
    async run(task) {
      try {
        return await mine.pool.run(task);
      } catch (e) {
        if (e instanceof TaskTimeoutError || e instanceof WorkerCrashedError) return { kind: "stopped", message: e.message };
        throw e;
      }
    },
    async close() {
      if (released) return;
      released = true;
      if (--mine.users > 0) return;
      mine.closing = setTimeout(() => {
        if (mine.users > 0) return;
        shared.delete(key);
        void mine.pool.close();
      }, IDLE_CLOSE_MS);
      mine.closing.unref();
    },
  };
}
