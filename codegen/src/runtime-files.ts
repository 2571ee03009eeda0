/**
 * The runtime a generated package carries: the TypeScript sources of `src/runtime/` (this package ships them),
 * copied byte for byte into the package's `src/runtime/` so it depends on nothing of Charter's. The Avro and
 * Protobuf serdes are copied only when the contract uses those formats (their libraries are dependencies then).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the runtime sources live: `codegen/src/runtime/`, from `src/` (tests, tsx) and from `dist/` alike. */
const RUNTIME_DIR = fileURLToPath(new URL("../src/runtime/", import.meta.url));

let cache: ReadonlyMap<string, string> | undefined;

/** Every runtime source file (path relative to `runtime/` → text), tests excluded. */
export function runtimeSources(): ReadonlyMap<string, string> {
  if (cache) return cache;
  const out = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) out.set(`${prefix}${entry.name}`, readFileSync(join(dir, entry.name), "utf8"));
    }
  };
  walk(RUNTIME_DIR, "");
  cache = out;
  return out;
}

/** The runtime files for a package using `formats`, as package paths (`src/runtime/…`). */
export function runtimeFiles(formats: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of runtimeSources()) {
    if (path === "serde-avro.ts" && !formats.has("avro")) continue;
    if (path === "serde-protobuf.ts" && !formats.has("protobuf")) continue;
    out.set(`src/runtime/${path}`, text);
  }
  return out;
}
