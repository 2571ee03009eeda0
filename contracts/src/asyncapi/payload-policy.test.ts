import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ParsedSchema } from "../format.js";
import { payloadOptions, replaceCheck } from "./compatibility.js";
import { applyEdits } from "./edit-document.js";
import { parseAsyncApi } from "./parse.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));
const S3 = readFileSync(CORPUS + "spec-examples-3.0.0/streetlights-kafka-asyncapi.yml", "utf8");

async function parsed(text: string): Promise<ParsedSchema> {
  const result = await parseAsyncApi(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("AsyncAPI payloads default to the LENIENT compatibility policy", () => {
  it("fills compatibilityPolicy LENIENT unless one is given", () => {
    expect(payloadOptions({}).policy).toEqual({ compatibilityPolicy: "LENIENT" });
    expect(payloadOptions({ policy: { compatibilityPolicy: "STRICT", x: 1 as unknown as string } }).policy).toMatchObject({ compatibilityPolicy: "STRICT" });
  });

  it("an optional property added to a received message's open payload is non-breaking by default, breaking under STRICT", async () => {
    const edited = applyEdits(S3, [{ op: "add", path: "/components/schemas/lightMeasuredPayload/properties/unit", value: { type: "string" } }]);
    if ("error" in edited) throw new Error(edited.error);
    const [old, next] = [await parsed(S3), await parsed(edited.text)];
    const breaking = (policy?: string) =>
      replaceCheck(next, old, policy ? { policy: { compatibilityPolicy: policy } } : {}).filter((c) => c.severity === "breaking").map((c) => c.rule);
    expect(breaking()).toEqual([]);
    expect(breaking("LENIENT")).toEqual([]);
    expect(breaking("STRICT")).toContain("PAYLOAD_INCOMPATIBLE");
  });
});
