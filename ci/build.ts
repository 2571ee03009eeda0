/**
 * Bundles the Action (src/main.ts and everything it imports, @charter/* from their TypeScript sources) into
 * the one committed file dist/index.js, so the Action needs no install at run time. `npm run build:action`
 * runs it; ci/src/bundle.test.ts checks the committed file is what this produces, byte for byte.
 */
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";

/** The repository root; paths in the bundle's comments are relative to it, so the output does not depend on the checkout's location. */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The esbuild options of the bundle written to `outfile`. */
export function bundleOptions(outfile: string): BuildOptions {
  const src = (path: string): string => fileURLToPath(new URL(`../${path}`, import.meta.url));
  return {
    absWorkingDir: ROOT,
    entryPoints: ["ci/src/main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // Prefer packages' ESM builds: some UMD builds (jsonc-parser) use require() calls esbuild cannot follow.
    mainFields: ["module", "main"],
    alias: {
      "@charter/contracts": src("contracts/src/index.ts"),
      "@charter/contracts/core": src("contracts/src/core.ts"),
      "@charter/contracts/protobuf": src("contracts/src/protobuf/index.ts"),
      "@charter/cli/gate": src("cli/src/gate/index.ts"),
    },
    // Bundled CommonJS packages call require() for Node built-ins; ESM has none, so provide one.
    banner: { js: "import { createRequire as __charterCreateRequire } from 'node:module';\nconst require = __charterCreateRequire(import.meta.url);" },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "eof",
    logLevel: "warning",
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build(bundleOptions("ci/dist/index.js"));
}
