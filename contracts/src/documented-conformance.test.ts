import { describe, expect, it } from "vitest";
import { DOCUMENTED_SETS } from "../conformance/documented-sets.js";
import { runSets } from "../conformance/sets.js";

// The sets Charter wrote from Confluent's and Apicurio's documented rules must pass in full.
describe("documented conformance sets", () => {
  it.each(DOCUMENTED_SETS.map((s) => [s.name, s] as const))("%s: every case agrees", async (_name, set) => {
    const [report] = await runSets([set]);
    expect(report!.cases).toBeGreaterThan(5);
    expect(report!.disagree.map((d) => `${d.id}: ${d.detail}`)).toEqual([]);
  });
});
