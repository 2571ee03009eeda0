/**
 * The @asyncapi/generator route: `codegen/template` (generator 2.x, React render engine, a local template
 * folder, no network, no install) writes exactly the files `charter codegen` writes for the same document.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePackage } from "../src/index.js";
import { outputDir } from "./compile.js";

const TEMPLATE = fileURLToPath(new URL("../template/", import.meta.url));
const ORDERS = fileURLToPath(new URL("./fixtures/orders.asyncapi.yaml", import.meta.url));

interface GeneratorClass {
  new (template: string, targetDir: string, options: Record<string, unknown>): { generateFromFile(path: string): Promise<void> };
}

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).split("\\").join("/"), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe("the @asyncapi/generator template", () => {
  it("writes the same files as charter codegen, byte for byte", async () => {
    // @asyncapi/generator is CommonJS without type declarations.
    const Generator = createRequire(import.meta.url)("@asyncapi/generator") as GeneratorClass;
    const out = outputDir("template");
    const generator = new Generator(TEMPLATE, out, { forceWrite: true, install: false, templateParams: { packageName: "@acme/orders-client" } });
    await generator.generateFromFile(ORDERS);
    const expected = await generatePackage({ text: readFileSync(ORDERS, "utf8") }, { packageName: "@acme/orders-client" });
    const written = filesUnder(out);
    expect([...written.keys()]).toEqual([...expected.files.keys()]);
    for (const [path, text] of expected.files) expect(written.get(path), path).toBe(text);
  }, 300_000);
});
