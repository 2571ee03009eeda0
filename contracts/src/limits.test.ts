import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, resolveLimits } from "./limits.js";

describe("resolveLimits", () => {
  it("applies overrides over the defaults", () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxDepth: 64, budgetMs: undefined })).toEqual({ ...DEFAULT_LIMITS, maxDepth: 64 });
  });

  it("refuses values that are not positive integers, naming the field", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => resolveLimits({ budgetMs: bad })).toThrow(/budgetMs/);
  });
});
