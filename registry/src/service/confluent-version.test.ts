/** The `confluent:version` helpers against Confluent's `Metadata` and `canLookupIgnoringVersion` rules. */
import { describe, expect, it } from "vitest";
import { canLookupIgnoringVersion, confluentVersionNumber, hasConfluentVersion, withConfluentVersion, withoutConfluentVersion } from "./confluent-version.js";

const cv = (v: string, extra: Record<string, string> = {}) => ({ properties: { ...extra, "confluent:version": v } });

describe("confluent:version", () => {
  it("reads the number only when it is an int32, and is present whatever its value", () => {
    expect(confluentVersionNumber(cv("3"))).toBe(3);
    expect(confluentVersionNumber(cv("-1"))).toBe(-1);
    expect(confluentVersionNumber(cv("x"))).toBeUndefined();
    expect(confluentVersionNumber(cv("2147483648"))).toBeUndefined();
    expect(confluentVersionNumber(undefined)).toBeUndefined();
    expect(hasConfluentVersion(cv("x"))).toBe(true);
    expect(hasConfluentVersion({ properties: { owner: "a" } })).toBe(false);
  });

  it("sets by merging and removes down to no metadata at all", () => {
    expect(withConfluentVersion(undefined, 4)).toEqual(cv("4"));
    expect(withConfluentVersion({ ...cv("1", { owner: "a" }), sensitive: ["owner"] }, 2)).toEqual({ ...cv("2", { owner: "a" }), sensitive: ["owner"] });
    expect(withoutConfluentVersion(cv("1"))).toBeUndefined();
    expect(withoutConfluentVersion(cv("1", { owner: "a" }))).toEqual({ properties: { owner: "a" } });
    expect(withoutConfluentVersion({ properties: { owner: "a" } })).toEqual({ properties: { owner: "a" } });
  });

  it("looks up ignoring the stored confluent:version, or a requested one that names the version", () => {
    expect(canLookupIgnoringVersion({}, { metadata: cv("2") }, 2)).toBe(true);
    expect(canLookupIgnoringVersion({ metadata: { properties: { owner: "a" } } }, { metadata: cv("2", { owner: "a" }) }, 2)).toBe(true);
    expect(canLookupIgnoringVersion({}, { metadata: cv("2", { owner: "a" }) }, 2)).toBe(false);
    expect(canLookupIgnoringVersion({ metadata: cv("1") }, {}, 1)).toBe(true);
    expect(canLookupIgnoringVersion({ metadata: cv("1") }, {}, 2)).toBe(false);
    expect(canLookupIgnoringVersion({ metadata: cv("2") }, { metadata: cv("2") }, 2)).toBe(true);
    expect(canLookupIgnoringVersion({ metadata: cv("3") }, { metadata: cv("2") }, 2)).toBe(false);
  });
});
