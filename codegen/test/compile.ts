/**
 * Test helpers: write generated packages under the repository (so their imports resolve from its node_modules)
 * and type-check many of them in one TypeScript program, with the compiler options every generated package
 * builds with (strict, noUncheckedIndexedAccess). One program for all keeps the suite fast on two cores.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
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

/** Type-checks every `.ts`/`.js` file under each of `dirs`' `src/` (tests included, extra files too). */
export function typeCheck(dirs: readonly string[], extra: readonly string[] = []): ts.Diagnostic[] {
  const converted = ts.convertCompilerOptionsFromJson({ ...GENERATED_COMPILER_OPTIONS, rootDir: undefined, outDir: undefined }, "/");
  const options: ts.CompilerOptions = { ...converted.options, noEmit: true, declaration: false, sourceMap: false };
  const rootNames = [...dirs.flatMap((d) => sources(join(d, "src"))), ...extra];
  const program = ts.createProgram({ rootNames, options });
  return [...ts.getPreEmitDiagnostics(program)];
}
