import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CodegenError, generatePackage } from "./generate.js";
import { writePackage } from "./write-package.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url)), "utf8");
const ORDERS = { text: fixture("orders.asyncapi.yaml"), label: "orders.asyncapi.yaml" };
const HISTORY = [{ text: fixture("orders.v1.asyncapi.yaml"), label: "orders.v1.asyncapi.yaml" }];

describe("generatePackage", () => {
  it("gives the same bytes for the same input, and a complete package", async () => {
    const a = await generatePackage(ORDERS, { packageName: "@acme/orders", history: HISTORY });
    const b = await generatePackage(ORDERS, { packageName: "@acme/orders", history: HISTORY });
    expect([...b.files]).toEqual([...a.files]);
    for (const path of ["package.json", "tsconfig.json", "README.md", "src/index.ts", "src/types.ts", "src/client.ts", "src/mirror.ts", "src/validators.js", "src/upcasters.ts", "src/serdes.test.ts"]) {
      expect(a.files.has(path), path).toBe(true);
    }
    const pkg = JSON.parse(a.files.get("package.json")!) as { name: string; version: string; peerDependencies: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: "@acme/orders", version: "2.0.0" });
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["amqplib", "kafkajs", "nats"]);
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["ajv", "ajv-formats", "avsc"]);
    expect(a.stats).toEqual({ messages: 6, operations: 5, steps: 3, stubs: 1 });
    expect([...a.handWritten]).toEqual(["src/upcasters/order-cancelled-v1-to-v2.ts"]);
  });

  it("never overwrites a hand-written upcaster step when writing again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charter-codegen-write-"));
    try {
      const pkg = await generatePackage(ORDERS, { history: HISTORY });
      await writePackage(dir, pkg);
      const step = join(dir, "src/upcasters/order-cancelled-v1-to-v2.ts");
      writeFileSync(step, "// written by hand\n");
      const again = await writePackage(dir, pkg);
      expect(again.kept).toEqual(["src/upcasters/order-cancelled-v1-to-v2.ts"]);
      expect(readFileSync(step, "utf8")).toBe("// written by hand\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a contract the engine refuses, naming where", async () => {
    await expect(generatePackage({ text: "asyncapi: 3.0.0\ninfo: {}\n", label: "bad.yaml" })).rejects.toThrow(CodegenError);
    await expect(generatePackage({ text: "asyncapi: 3.0.0\ninfo: {}\n", label: "bad.yaml" })).rejects.toThrow(/^bad\.yaml/);
  });
});
