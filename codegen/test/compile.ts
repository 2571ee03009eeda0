/**
 * Test helpers: write generated packages under the repository (so their imports resolve from its node_modules)
 * and type-check many of them in one TypeScript program, with the compiler options every generated package
 * builds with (strict, noUncheckedIndexedAccess). One program for all keeps the suite fast on two cores.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
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
 * Takes the `src/runtime/` each package carries out of it when every file is byte-identical to the copy in
 * `shared` (`shared/runtime/`, filled from the first package that has each file), so that {@link typeCheck}
 * with `shared` checks the runtime once instead of once per package (two thirds of the time). A package whose
 * runtime differs keeps it and is checked with its own. Returns how many packages now use the shared copy.
 */
export function shareIdenticalRuntime(dirs: readonly string[], shared: string): number {
  let count = 0;
  for (const dir of dirs) {
    const runtime = join(dir, "src", "runtime");
    if (!existsSync(runtime)) continue;
    const identical = sources(runtime).every((file) => {
      const copy = join(shared, "runtime", relative(runtime, file));
      if (!existsSync(copy)) {
        mkdirSync(dirname(copy), { recursive: true });
        copyFileSync(file, copy);
      }
      return readFileSync(file).equals(readFileSync(copy));
    });
    if (!identical) continue;
    rmSync(runtime, { recursive: true });
    count++;
  }
  return count;
}

/**
 * Type-checks every `.ts`/`.js` file under each of `dirs`' `src/` (tests included, extra files too). With
 * `shared` (see {@link shareIdenticalRuntime}), `./runtime/…` imports a package no longer holds resolve to the
 * shared copy: every `src/` and `shared` are TypeScript `rootDirs`, one tree merged as at run time.
 */
export function typeCheck(dirs: readonly string[], extra: readonly string[] = [], shared?: string): ts.Diagnostic[] {
  const converted = ts.convertCompilerOptionsFromJson({ ...GENERATED_COMPILER_OPTIONS, rootDir: undefined, outDir: undefined }, "/");
  const options: ts.CompilerOptions = { ...converted.options, noEmit: true, declaration: false, sourceMap: false };
  if (shared !== undefined) options.rootDirs = [...dirs.map((d) => join(d, "src")), shared];
  const rootNames = [...dirs.flatMap((d) => sources(join(d, "src"))), ...(shared !== undefined ? sources(shared) : []), ...extra];
  const program = ts.createProgram({ rootNames, options });
  return [...ts.getPreEmitDiagnostics(program)];
}
