import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

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
      { find: /^@charter\/registry$/, replacement: src("./registry/src/index.ts") },
      { find: /^@charter\/codegen$/, replacement: src("./codegen/src/index.ts") },
      { find: /^@charter\/testkit$/, replacement: src("./testkit/src/index.ts") },
      { find: /^@charter\/testkit\/pact$/, replacement: src("./testkit/src/pact/index.ts") },
      { find: /^@charter\/testkit\/vitest$/, replacement: src("./testkit/src/vitest/index.ts") },
      { find: /^@charter\/cli\/gate$/, replacement: src("./cli/src/gate/index.ts") },
    ],
  },
  test: {
    include: ["*/src/**/*.test.ts", "*/test/**/*.test.ts", "examples/*/src/**/*.test.ts", "examples/*/test/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
