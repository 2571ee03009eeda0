/**
 * Entry of a schema worker thread (see `worker-pool.ts` for the protocol): runs {@link SchemaTask}s with the
 * build's engines (ASYNCAPI accepting fragments) and a parsed-schema cache of its own. Each engine is imported,
 * and warmed up, by the first task that needs it, outside that task's budget (`pause`/`resume`): a registry that
 * only ever sees Avro never loads @asyncapi/parser.
 */
import { parentPort } from "node:worker_threads";
import { lazyFormat, warmUpFormat, type Format } from "@charter/contracts/core";
import { withAsyncApiFragmentLookup } from "../service/asyncapi-fragments.js";
import { ParsedSchemaCache, runSchemaTask, type SchemaTask } from "./schema-tasks.js";

const port = parentPort;
if (port === null) throw new Error("schema-worker.ts runs in a worker thread");

/** The task being run (the pool gives a worker one at a time), whose budget a first load pauses. */
let current: number | undefined;
const engines = new Map<string, Format>();

/** `lazyFormat`, whose first parse warms the engine up ({@link warmUpFormat}) with the task's budget paused. */
function engine(type: string): Format | undefined {
  let format = engines.get(type);
  const lazy = format === undefined ? lazyFormat(type) : undefined;
  if (lazy !== undefined) {
    let warm: Promise<unknown> | undefined;
    format = {
      ...lazy,
      async parse(text, options) {
        if (warm === undefined) {
          const id = current;
          port!.postMessage({ id, pause: true });
          warm = warmUpFormat(type).finally(() => port!.postMessage({ id, resume: true }));
        }
        await warm;
        return lazy.parse(text, options);
      },
    };
    engines.set(type, format);
  }
  return format;
}

const context = { formats: withAsyncApiFragmentLookup(engine), cache: new ParsedSchemaCache() };

port.on("message", (message: { id: number; task: SchemaTask }) => {
  current = message.id;
  runSchemaTask(message.task, context).then(
    (result) => port.postMessage({ id: message.id, result }),
    (e: unknown) => port.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
port.postMessage({ ready: true });
