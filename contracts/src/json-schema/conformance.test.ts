import { describe, expect, it } from "vitest";
import { runSets, SETS } from "../../conformance/sets.js";

// Guards the engine's agreement with Karapace's JSON Schema compatibility suite (../shared/vectors), so a
// change that breaks a peer verdict fails `npm test`, not only `npm run conformance`.
describe("JSON Schema conformance with Karapace", () => {
  it("agrees with karapace-json on at least 98% of the cases", async () => {
    const set = SETS.find((s) => s.name === "karapace-json");
    expect(set).toBeDefined();
    const [report] = await runSets([set!]);
    expect(report!.cases).toBeGreaterThan(300);
    expect(report!.disagree.map((d) => `${d.id}: ${d.detail}`)).toEqual([]);
    expect(report!.agree / report!.cases).toBeGreaterThanOrEqual(0.98);
  });

  it("agrees with the JSON cases of karapace-history", async () => {
    const set = SETS.find((s) => s.name === "karapace-history");
    const [report] = await runSets([set!]);
    const json = report!.disagree.filter((d) => d.id.includes("json"));
    expect(json).toEqual([]);
  });
});
