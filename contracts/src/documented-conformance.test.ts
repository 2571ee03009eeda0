import { describe, expect, it } from "vitest";
import { runSets, SETS } from "../conformance/sets.js";

// The sets Charter wrote from Confluent's and Apicurio's documented rules (conformance/documented-sets.ts) must
// pass in full.
const DOCUMENTED = SETS.filter((s) => s.name.endsWith("-documented"));

describe("documented conformance sets", () => {
  it("has the Confluent JSON Schema, Confluent Protobuf and Apicurio Protobuf sets", () => {
    expect(DOCUMENTED.map((s) => s.name)).toEqual(["confluent-json-documented", "confluent-protobuf-documented", "apicurio-protobuf-documented"]);
  });

  it.each(DOCUMENTED.map((s) => [s.name, s] as const))("%s: every case agrees", async (_name, set) => {
    const [report] = await runSets([set]);
    expect(report!.cases).toBeGreaterThan(5);
    expect(report!.disagree.map((d) => `${d.id}: ${d.detail}`)).toEqual([]);
  });
});
