import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSets, SETS, VECTORS } from "../../conformance/sets.js";
import { avroFormat } from "./index.js";

/** The reasons people wrote for cases we knowingly answer differently from the peer. */
function reasons(set: string): Record<string, string> {
  return JSON.parse(readFileSync(new URL(`../../conformance/reasons/${set}.json`, import.meta.url), "utf8")) as Record<string, string>;
}

async function run(name: string) {
  const set = SETS.find((s) => s.name === name);
  if (!set) throw new Error(`no set ${name}`);
  const [report] = await runSets([set]);
  if (!report) throw new Error(`set ${name} did not run`);
  return report;
}

// Guards the Avro conformance targets in `npm test` (peer vectors: ../shared/vectors, see its README).
describe("Avro conformance against the peer vectors", () => {
  it("apache-avro: agrees on every case but the 5 unnamed-record refusals", async () => {
    const report = await run("apache-avro");
    expect(report.disagree.filter((d) => !(d.refused && /name/i.test(d.detail)))).toEqual([]);
    expect(report.disagree.length).toBeLessThanOrEqual(5);
    expect(report.cases).toBe(259);
    expect(report.agree).toBeGreaterThanOrEqual(254);
    expect(report.passes).toBe(true);
  });

  it("karapace-avro: agrees on every case but the documented differences", async () => {
    const report = await run("karapace-avro");
    const explained = reasons("karapace-avro");
    expect(report.disagree.filter((d) => !(d.id in explained && d.refused))).toEqual([]);
    expect(report.agree).toBeGreaterThanOrEqual(203);
    expect(report.passes).toBe(true);
  });

  it("karapace-history: agrees on every Avro case", async () => {
    const cases = JSON.parse(readFileSync(VECTORS + "karapace/history-cases.json", "utf8")) as Array<{ id: string; format: string }>;
    const avro = new Set(cases.filter((c) => c.format === "AVRO").map((c) => c.id));
    expect(avro.size).toBeGreaterThanOrEqual(6);
    const report = await run("karapace-history");
    expect(report.disagree.filter((d) => avro.has(d.id))).toEqual([]);
  });
});

describe("Avro violations match Java's recorded incompatibilities", () => {
  interface Recorded {
    id: string;
    old: unknown;
    new: unknown;
    incompatibilities?: Array<{ type: string; location: string; message: string }>;
  }
  const cases = (JSON.parse(readFileSync(VECTORS + "apache-avro/cases.json", "utf8")) as Recorded[]).filter((c) => c.incompatibilities);

  it("same rule, location and message for every apache-avro case that records them", async () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const c of cases) {
      const [o, n] = [await avroFormat.parse(JSON.stringify(c.old)), await avroFormat.parse(JSON.stringify(c.new))];
      if (!o.ok || !n.ok) continue;
      const ours = avroFormat.compatibility(n.value, o.value).map((v) => [v.rule, v.path, v.rule === "READER_FIELD_MISSING_DEFAULT_VALUE" ? "" : v.message]);
      // Java writes the root as "/"; its missing-default message is just the field name.
      const java = (c.incompatibilities ?? []).map((i) => [i.type, i.location === "/" ? "" : i.location, i.type === "READER_FIELD_MISSING_DEFAULT_VALUE" ? "" : i.message]);
      expect({ id: c.id, v: ours }).toEqual({ id: c.id, v: java });
    }
  });
});
