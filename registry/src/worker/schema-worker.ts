/**
 * Entry of a schema worker thread (see `worker-pool.ts` for the protocol): runs {@link SchemaTask}s with the
 * build's engines (ASYNCAPI accepting fragments) and a parsed-schema cache of its own.
 */
import { parentPort } from "node:worker_threads";
import { getFormat } from "@charter/contracts";
import { withAsyncApiFragmentLookup } from "../service/asyncapi-fragments.js";
import { ParsedSchemaCache, runSchemaTask, type SchemaTask } from "./schema-tasks.js";

const port = parentPort;
if (port === null) throw new Error("schema-worker.ts runs in a worker thread");

const context = { formats: withAsyncApiFragmentLookup(getFormat), cache: new ParsedSchemaCache() };
// Load the lazily imported parts of the engines now, so a task's budget is spent on the task.
await getFormat("ASYNCAPI")?.parse('asyncapi: 3.0.0\ninfo: {title: warm-up, version: "1"}\n');

port.on("message", (message: { id: number; task: SchemaTask }) => {
  runSchemaTask(message.task, context).then(
    (result) => port.postMessage({ id: message.id, result }),
    (e: unknown) => port.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
port.postMessage({ ready: true });
