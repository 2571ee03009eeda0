import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { protobufFormat } from "./index.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/protobuf/", import.meta.url));

/** Every .proto under the corpus, grouped by the directory that acts as its import root. */
function protoFiles(): Array<{ root: string; path: string; text: string }> {
  const out: Array<{ root: string; path: string; text: string }> = [];
  for (const rootName of readdirSync(CORPUS)) {
    const root = join(CORPUS, rootName);
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith(".proto")) out.push({ root, path: relative(root, p), text: readFileSync(p, "utf8") });
      }
    };
    walk(root);
  }
  return out;
}

/** The file's imports (transitively, dependencies first) from the same root, as references. */
function referencesFor(file: { root: string; text: string }, all: ReturnType<typeof protoFiles>): ResolvedReference[] {
  const refs: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = (text: string): void => {
    for (const m of text.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)";/gm)) {
      const name = m[1]!;
      const dep = all.find((f) => f.root === file.root && f.path === name);
      if (!dep || seen.has(name)) continue;
      seen.add(name);
      visit(dep.text);
      refs.push({ name, schema: dep.text });
    }
  };
  visit(file.text);
  return refs;
}

describe("protobuf corpus", () => {
  const files = protoFiles();

  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of files) {
    it(`parses ${relative(CORPUS, join(file.root, file.path))} with its imports as references`, async () => {
      const result = await protobufFormat.parse(file.text, { references: referencesFor(file, files) });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} (line ${result.error.line ?? "?"})`);
      expect(result.value.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      // The canonical text is itself a valid schema with the same canonical form (a fixed point).
      const again = await protobufFormat.parse(result.value.canonical, { references: referencesFor(file, files) });
      if (!again.ok) throw new Error(`canonical refused: ${again.error.message} (line ${again.error.line ?? "?"})\n${result.value.canonical}`);
      expect(again.value.canonical).toBe(result.value.canonical);
    });
  }
});
