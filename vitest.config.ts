import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run against the TypeScript sources, so a stale dist/ never hides a change.
export default defineConfig({
  resolve: {
    alias: {
      "@charter/contracts": src("./contracts/src/index.ts"),
      "@charter/registry": src("./registry/src/index.ts"),
      "@charter/cli/gate": src("./cli/src/gate/index.ts"),
    },
  },
  test: {
    include: ["*/src/**/*.test.ts", "*/test/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
