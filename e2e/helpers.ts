import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRegistry } from "@charter/registry";

/** A registry on a free loopback port over a fresh SQLite file, for tests. `stop()` closes it and removes the file. */
export interface TestRegistry {
  readonly url: string;
  readonly dbPath: string;
  stop(): Promise<void>;
}

/** Starts a registry for a test file; call `stop()` in `afterAll`. */
export async function startTestRegistry(): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "charter-e2e-"));
  const dbPath = join(dir, "charter.db");
  const running = await startRegistry({ host: "127.0.0.1", port: 0, dbPath, logger: false });
  return {
    url: running.url,
    dbPath,
    async stop() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSON request helper against a running registry, with Confluent's content type. */
export async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/vnd.schemaregistry.v1+json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
