import { connect } from "node:net";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Registry tests that build a registry or a store: the `registry-postgres` project runs them again over
// PostgreSQL (CHARTER_TEST_STORAGE=postgres, a fresh schema per store; test-registry.ts). Pure tests and the
// files that pick their store themselves (SQLite-only or PostgreSQL-only) run once.
const REGISTRY_SUITE = ["registry/src/*.test.ts", "registry/src/auth/*.test.ts", "registry/src/observability/*.test.ts", "registry/src/service/pure-rules.test.ts"];
/** Tests that drive Chromium (e2e/ui.test.ts): in the `isolated` project, last. */
const BROWSER = ["e2e/ui.test.ts"];
/** Tests that need a fresh module graph (they observe which modules an action loads): run isolated. */
const ISOLATED = ["cli/src/command-table.test.ts", "registry/src/engine-loading.test.ts"];
/**
 * The longest files (30–100 s each on two cores), started first so that none of them starts near the end and
 * runs on alone. Vitest orders by the durations it cached, but `npm ci` empties that cache (node_modules/.vite).
 */
const LONGEST = ["registry/src/crash-safety.test.ts", "codegen/test/corpus.test.ts", "cli/src/commands/serve.test.ts"];

/** Vitest's order (cached durations, else file size), with {@link LONGEST} first (the sort is stable). */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((path) => f.moduleId.endsWith(`/${path}`));
      return i === -1 ? LONGEST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * Test workers. Vitest's default is one less than the CPUs: a single worker on 2-CPU machines (CI's), where
 * many test files wait on child processes, sockets or PostgreSQL. Two there: 8.5 min instead of 12.5.
 */
const WORKERS = Math.max(2, availableParallelism() - 1);
const STORE_SPECIFIC = ["registry/src/multi-instance.test.ts", "registry/src/crash-safety.test.ts", "registry/src/build-info.test.ts"];

/** Whether the PostgreSQL the tests use accepts connections (`CHARTER_TEST_PG_URL`, as test-registry.ts reads it). */
function postgresReachable(): Promise<boolean> {
  const url = new URL(process.env.CHARTER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 5432) });
    const done = (ok: boolean) => (socket.destroy(), resolve(ok));
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

// Without PostgreSQL the second pass is left out with a note, except under CI=true, where its failures count.
const withPostgres = process.env.CI === "true" || (await postgresReachable());
if (!withPostgres) {
  console.warn("PostgreSQL is not reachable: the registry-postgres tests are skipped; start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
}

// Tests run against the TypeScript sources, so a stale dist/ never hides a change.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@charter\/contracts$/, replacement: src("./contracts/src/index.ts") },
      { find: /^@charter\/contracts\/core$/, replacement: src("./contracts/src/core.ts") },
      { find: /^@charter\/contracts\/avro$/, replacement: src("./contracts/src/avro/index.ts") },
      { find: /^@charter\/contracts\/json-schema$/, replacement: src("./contracts/src/json-schema/index.ts") },
      { find: /^@charter\/contracts\/protobuf$/, replacement: src("./contracts/src/protobuf/index.ts") },
      { find: /^@charter\/contracts\/asyncapi$/, replacement: src("./contracts/src/asyncapi/index.ts") },
      { find: /^@charter\/contracts\/lint$/, replacement: src("./contracts/src/lint/index.ts") },
      { find: /^@charter\/registry$/, replacement: src("./registry/src/index.ts") },
      { find: /^@charter\/codegen$/, replacement: src("./codegen/src/index.ts") },
      { find: /^@charter\/testkit$/, replacement: src("./testkit/src/index.ts") },
      { find: /^@charter\/testkit\/pact$/, replacement: src("./testkit/src/pact/index.ts") },
      { find: /^@charter\/testkit\/vitest$/, replacement: src("./testkit/src/vitest/index.ts") },
      { find: /^@charter\/cli\/gate$/, replacement: src("./cli/src/gate/index.ts") },
    ],
  },
  test: {
    maxWorkers: WORKERS,
    // As many from the start: a worker above the minimum is ended whenever it idles (and its module graph with
    // it), which raced with vitest's recycling between projects ("Terminating worker thread", vitest#8133).
    minWorkers: WORKERS,
    // One module graph per worker instead of one per file: the suite imported Fastify, Ajv, the AsyncAPI parser
    // and protobufjs 150 times over (8.3 → 5.1 min on two cores). Files that need a fresh graph: ISOLATED.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    globalSetup: ["./vitest.global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "default",
          include: ["*/src/**/*.test.ts", "*/test/**/*.test.ts", "examples/*/src/**/*.test.ts", "examples/*/test/**/*.test.ts", "e2e/**/*.test.ts"],
          exclude: [...BROWSER, ...ISOLATED, "**/node_modules/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Last, in fresh worker threads: the browser tests (Chromium beside the whole suite's processes timed out)
        // and the files that need a fresh module graph. Worker threads, so they run beside the registry-postgres
        // pass (forks): vitest runs the projects of one pool one after another when isolate is off, but
        // different pools at once.
        extends: true,
        test: { name: "isolated", pool: "threads", include: [...BROWSER, ...ISOLATED], isolate: true, sequence: { groupOrder: 1 } },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: "registry-postgres",
                include: REGISTRY_SUITE,
                exclude: [...STORE_SPECIFIC, ...ISOLATED],
                env: { CHARTER_TEST_STORAGE: "postgres" },
                // After the default project, beside the isolated one.
                sequence: { groupOrder: 1 },
              },
            },
          ]
        : []),
    ],
  },
});
