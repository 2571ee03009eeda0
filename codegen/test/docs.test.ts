/**
 * The generated API the docs show is the generated API: every code block of `docs/codegen.md` and
 * `codegen/README.md` marked `<!-- excerpt of <path> -->` appears verbatim in that file of the package generated
 * for the orders contract.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generatePackage } from "../src/index.js";
import { ordersContract } from "./orders.js";

const DOCS = ["../../docs/codegen.md", "../README.md"].map((p) => fileURLToPath(new URL(p, import.meta.url)));

describe("the codegen docs", () => {
  it("show excerpts of exactly what the generator writes for the orders contract", async () => {
    const pkg = await generatePackage(
      { text: ordersContract(2), label: "orders.asyncapi.yaml" },
      { packageName: "@acme/orders-client", history: [{ text: ordersContract(1), label: "orders.v1.asyncapi.yaml" }] },
    );
    let excerpts = 0;
    for (const doc of DOCS) {
      const text = readFileSync(doc, "utf8");
      for (const m of text.matchAll(/<!-- excerpt of (\S+) -->\n```ts\n([\s\S]*?)```/g)) {
        const file = pkg.files.get(m[1]!);
        expect(file, `${doc}: ${m[1]} is generated`).toBeDefined();
        expect(file, `${doc}: excerpt of ${m[1]}`).toContain(m[2]!);
        excerpts++;
      }
    }
    expect(excerpts).toBeGreaterThanOrEqual(6);
  });
});
