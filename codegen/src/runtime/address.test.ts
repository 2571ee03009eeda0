import { describe, expect, it } from "vitest";
import { addressPattern, formatAddress, parseAddress, wildcardAddress } from "./address.js";

describe("channel addresses", () => {
  it("fills, matches and reads back parameters", () => {
    expect(formatAddress("orders.{region}.{kind}", { region: "eu", kind: 3 })).toBe("orders.eu.3");
    expect(() => formatAddress("orders.{region}", {})).toThrow(expect.objectContaining({ code: "PARAMETER_INVALID" }));
    expect(addressPattern("orders.{region}", {}).test("orders.eu")).toBe(true);
    expect(addressPattern("orders.{region}", { region: "us" }).test("orders.eu")).toBe(false);
    expect(addressPattern("a+b.{x}").test("a+b.1")).toBe(true);
    expect(parseAddress("user/{id}/signup", "user/42/signup")).toEqual({ id: "42" });
    expect(parseAddress("user/{id}/signup", "user/42")).toBeUndefined();
  });

  it("turns whole-token parameters into wildcards, and refuses partial tokens", () => {
    expect(wildcardAddress("orders.{region}.created", {}, "*")).toBe("orders.*.created");
    expect(wildcardAddress("orders.{region}.created", { region: "eu" }, "*")).toBe("orders.eu.created");
    expect(wildcardAddress("orders.r-{region}", {}, "*")).toBeUndefined();
  });
});
