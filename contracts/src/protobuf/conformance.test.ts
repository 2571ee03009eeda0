import { describe, expect, it } from "vitest";
import { runSets, SETS } from "../../conformance/sets.js";

describe("protobuf conformance sets", () => {
  it("karapace-protobuf: >= 95% agree (the field-number-0 case may be refused)", async () => {
    const [report] = await runSets(SETS.filter((s) => s.name === "karapace-protobuf"));
    expect(report!.cases).toBe(23);
    expect(report!.passes).toBe(true);
    // Judged under the KARAPACE policy (package renames ignored): only the invalid field number 0 differs.
    expect(report!.disagree.map((d) => d.id).sort()).toEqual(["karapace/protobuf/test_compatibility_ordering_change_msg"]);
  });

  it("buf: the (rule, file, line) sets equal buf's for every case without buf plugins (FILE, PACKAGE, WIRE, WIRE_JSON)", async () => {
    const [report] = await runSets(SETS.filter((s) => s.name === "buf"));
    expect(report!.cases).toBe(54);
    expect(report!.disagree).toEqual([]);
    expect(report!.passes).toBe(true);
  });
});
