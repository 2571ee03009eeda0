/**
 * Test helpers: write generated packages under the repository (so their imports resolve from its node_modules)
 * and type-check many of them in one TypeScript program, with the compiler options every generated package
 * builds with (strict, noUncheckedIndexedAccess). One program for all keeps the suite fast on two cores.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { GENERATED_COMPILER_OPTIONS } from "../src/emit/package-files.js";

/** A fresh directory for this run's generated packages, inside the repository's `node_modules/.cache`. */
export function outputDir(name: string): string {
  const dir = fileURLToPath(new URL(`../../node_modules/.cache/charter-codegen/${name}-${process.pid}/`, import.meta.url));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

/** A diagnostic as `file:line:col TSnnnn message`. */
export function formatDiagnostic(d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return `TS${d.code} ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${d.file.fileName}:${line + 1}:${character + 1} TS${d.code} ${text}`;
}

/**
 * Replaces each package's `src/runtime/` files that are byte-identical to the first package's by symlinks to one
 * shared copy (in `shared`), so one TypeScript program checks the runtime once instead of once per package —
 * TypeScript follows symlinks to one source file. A file that differs stays in its package and is checked on its
 * own. Returns how many files were shared.
 */
export function shareIdenticalRuntime(dirs: readonly string[], shared: string): number {
  let count = 0;
  for (const dir of dirs) {
    const runtime = join(dir, "src", "runtime");
    if (!existsSync(runtime)) continue;
    for (const file of sources(runtime)) {
      const target = join(shared, relative(runtime, file));
      if (!existsSync(target)) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
      }
      if (!readFileSync(file).equals(readFileSync(target))) continue;
      rmSync(file);
      symlinkSync(target, file);
      count++;
    }
  }
  return count;
}

/**
 * Type-checks every `.ts`/`.js` file under each of `dirs`' `src/` (tests included, extra files too). Symlinked
 * files (see {@link shareIdenticalRuntime}) are checked once, under their real path.
 */
export function typeCheck(dirs: readonly string[], extra: readonly string[] = []): ts.Diagnostic[] {
  const converted = ts.convertCompilerOptionsFromJson({ ...GENERATED_COMPILER_OPTIONS, rootDir: undefined, outDir: undefined }, "/");
  const options: ts.CompilerOptions = { ...converted.options, noEmit: true, declaration: false, sourceMap: false };
  const rootNames = [...new Set([...dirs.flatMap((d) => sources(join(d, "src"))), ...extra].map((f) => realpathSync(f)))];
  const program = ts.createProgram({ rootNames, options });
  return [...ts.getPreEmitDiagnostics(program)];
}
