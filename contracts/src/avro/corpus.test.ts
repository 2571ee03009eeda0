import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ResolvedReference } from "../format.js";
import { avroFormat, parsingCanonicalForm } from "./index.js";
import { asAvroModel, isNamed } from "./model.js";

const ROOT = fileURLToPath(new URL("../../../../shared/corpus/avro/", import.meta.url));

function avscFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? avscFiles(path) : path.endsWith(".avsc") ? [path] : [];
  });
}

const files = avscFiles(ROOT).map((path) => [relative(ROOT, path), path] as const);

describe("real-world Avro schemas (../shared/corpus/avro)", () => {
  it("has the corpus", () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it.each(files)("parses %s, and its canonical text re-parses to the same canonical text", async (_, path) => {
    const text = readFileSync(path, "utf8");
    const r = await avroFormat.parse(text);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} at ${r.error.path}`);
    const again = await avroFormat.parse(r.value.canonical);
    if (!again.ok) throw new Error(`canonical text refused: ${again.error.message}`);
    expect(again.value.canonical).toBe(r.value.canonical);
    expect(parsingCanonicalForm(again.value)).toBe(parsingCanonicalForm(r.value));
    expect(avroFormat.compatibility(r.value, again.value)).toEqual([]);
  });

  // Files like microservices/order.avsc are unions of named types where later ones use earlier ones by name
  // (Order uses OrderState and Product; OrderValue uses Order). Registered one type per subject, each is a
  // Confluent reference of the next: parse every branch with the branches before it as references.
  const unions = files.filter(([, path]) => readFileSync(path, "utf8").trimStart().startsWith("["));
  it.each(unions)("parses each type of %s with the earlier ones as references", async (_, path) => {
    const whole = await avroFormat.parse(readFileSync(path, "utf8"));
    if (!whole.ok) throw new Error(whole.error.message);
    const branches = JSON.parse(readFileSync(path, "utf8")) as unknown[];
    const references: ResolvedReference[] = [];
    let usedAReference = false;
    for (const branch of branches) {
      const text = JSON.stringify(branch);
      const alone = await avroFormat.parse(text);
      const r = await avroFormat.parse(text, { references });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      if (!alone.ok) {
        expect(alone.error.code).toBe("REFERENCE_UNRESOLVED");
        usedAReference = true;
      }
      const root = asAvroModel(r.value.model)?.root;
      if (root && isNamed(root)) references.push({ name: root.name, schema: text });
    }
    if (path.endsWith("microservices/order.avsc")) expect(usedAReference).toBe(true);
  });
});
