import { describe, expect, it } from "vitest";
import { camelCase, kebabCase, NameTable, pascalCase, propertyKey, singular } from "./naming.js";

describe("naming", () => {
  it("turns contract names into TypeScript identifiers", () => {
    expect(pascalCase("order-created")).toBe("OrderCreated");
    expect(pascalCase("userSignedUp")).toBe("UserSignedUp");
    expect(pascalCase("user/signedup")).toBe("UserSignedup");
    expect(pascalCase("HTTPServerEvent")).toBe("HttpServerEvent");
    expect(pascalCase("1.0.0 event")).toBe("_100Event");
    expect(pascalCase("---")).toBe("Anonymous");
    expect(camelCase("Publish Order")).toBe("publishOrder");
    expect(camelCase("delete")).toBe("delete_");
    expect(kebabCase("OrderCreatedV1")).toBe("order-created-v1");
  });

  it("quotes property keys only when needed, and singularizes array item names", () => {
    expect(propertyKey("orderId")).toBe("orderId");
    expect(propertyKey("ce-type")).toBe('"ce-type"');
    expect(singular("items")).toBe("item");
    expect(singular("addresses")).toBe("address");
    expect(singular("categories")).toBe("category");
    expect(singular("status")).toBe("status");
  });

  it("resolves collisions deterministically: same identity same name, others numbered from 2, reserved names never", () => {
    const names = new NameTable(["Transport"]);
    expect(names.claim("OrderCreated", "a")).toBe("OrderCreated");
    expect(names.claim("OrderCreated", "a")).toBe("OrderCreated");
    expect(names.claim("OrderCreated", "b")).toBe("OrderCreated2");
    expect(names.claim("OrderCreated", "c")).toBe("OrderCreated3");
    expect(names.claim("Transport", "d")).toBe("Transport2");
    expect(names.claim("Date", "e")).toBe("Date2");
    expect(names.claim("string", "f")).toBe("string2");
  });
});
