import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveCheckSettings } from "./check-options.js";
import { runCheck } from "./check.js";

const EXAMPLES = resolve(fileURLToPath(new URL("../../../examples/schemas", import.meta.url)));

/** Each pair in examples/schemas (see its README): the compatible next version and the breaking one. */
const PAIRS = [
  { format: "avro", v1: "avro/order-created.v1.avsc", v2: "avro/order-created.v2.avsc", breaking: "avro/order-created.v2-breaking.avsc", rules: ["MISSING_ENUM_SYMBOLS", "READER_FIELD_MISSING_DEFAULT_VALUE"] },
  { format: "json", v1: "json/order-created.v1.json", v2: "json/order-created.v2.json", breaking: "json/order-created.v2-breaking.json", rules: ["ENUM_ARRAY_NARROWED", "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "TYPE_CHANGED"] },
  { format: "protobuf", v1: "protobuf/order.v1.proto", v2: "protobuf/order.v2.proto", breaking: "protobuf/order.v2-breaking.proto", rules: ["FIELD_WIRE_COMPATIBLE_TYPE"] },
  { format: "asyncapi", v1: "asyncapi/orders.v1.yaml", v2: "asyncapi/orders.v2.yaml", breaking: "asyncapi/orders.v2-breaking.yaml", rules: ["PAYLOAD_INCOMPATIBLE"] },
] as const;

async function check(next: string, old: string) {
  const settings = resolveCheckSettings(resolve(EXAMPLES, next), { against: resolve(EXAMPLES, old), level: "BACKWARD", output: "json" });
  if (!settings.ok) throw new Error(settings.error);
  return runCheck(settings.value);
}

describe("examples/schemas", () => {
  it.each(PAIRS)("$format: v2 is compatible with v1, v2-breaking is not and every violation has a line", async (pair) => {
    const compatible = await check(pair.v2, pair.v1);
    expect(compatible.stderr).toBe("");
    expect(compatible.exitCode).toBe(0);
    expect(compatible.report?.format).toBe(pair.format === "json" ? "JSON" : pair.format.toUpperCase());

    const breaking = await check(pair.breaking, pair.v1);
    expect(breaking.exitCode).toBe(1);
    const violations = breaking.report?.violations ?? [];
    expect([...new Set(violations.map((v) => v.rule))].sort()).toEqual([...pair.rules]);
    for (const v of violations) expect(v.line, `${v.rule} ${v.path}`).toBeGreaterThan(0);
  });
});
