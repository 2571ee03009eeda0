import { describe, expect, it } from "vitest";
import { explainAsyncApi, parseMessages, pinViolations, pointerLine } from "./violations.js";

const AVRO = JSON.stringify(
  { type: "record", name: "Payment", fields: [{ name: "id", type: "string" }, { name: "amount", type: "double" }] },
  null,
  2,
);
const YAML = `asyncapi: 3.0.0
channels:
  orders/placed:
    messages:
      OrderPlaced:
        payload:
          type: object
`;

describe("parseMessages", () => {
  it("reads Charter's JSON violations and the closing level, keeps other strings as text", () => {
    const v = { errorType: "READER_FIELD_MISSING_DEFAULT_VALUE", description: "no default", path: "/fields/1", line: 9, oldSchemaVersion: 2, direction: "backward" };
    const parsed = parseMessages([JSON.stringify(v), "Incompatible because of x", "[1]", JSON.stringify({ compatibility: "BACKWARD" })]);
    expect(parsed).toEqual({ violations: [v], level: "BACKWARD", other: ["Incompatible because of x", "[1]"] });
    expect(parseMessages(undefined)).toEqual({ violations: [], other: [] });
  });
});

describe("pointerLine", () => {
  it("finds the line of a JSON Pointer in JSON text: the key of a map entry, the start of an array item", () => {
    const lines = AVRO.split("\n");
    expect(lines[pointerLine(AVRO, "/fields")! - 1]).toContain('"fields"');
    expect(lines[pointerLine(AVRO, "/fields/1")! - 1]).toBe("    {");
    expect(lines[pointerLine(AVRO, "/fields/1/type")! - 1]).toContain('"double"');
    expect(pointerLine(AVRO, "")).toBe(1);
  });

  it("falls back to the nearest ancestor that exists", () => {
    expect(AVRO.split("\n")[pointerLine(AVRO, "/fields/7/name")! - 1]).toContain('"fields"');
  });

  it("reads YAML, with escaped segments (~1 is /)", () => {
    expect(pointerLine(YAML, "/channels/orders~1placed/messages/OrderPlaced/payload")).toBe(6);
  });

  it("answers undefined for text that is neither JSON nor YAML", () => {
    expect(pointerLine("a: [", "/a")).toBeTypeOf("number"); // YAML recovers: still a line
    expect(pointerLine("", "/a")).toBeUndefined();
  });
});

describe("pinViolations", () => {
  it("uses the engine's line in the new text and the path's line in the old text; unplaceable ones go to line 1", () => {
    const v = { errorType: "X", description: "d", path: "/fields/1", line: 42 };
    expect(pinViolations(AVRO, [v], "new")).toEqual([{ line: 42, violation: v }]);
    expect(pinViolations(AVRO, [v], "old")[0]!.line).toBe(pointerLine(AVRO, "/fields/1"));
    const proto = { errorType: "FIELD_NO_DELETE", description: "d", path: "Order.2" };
    expect(pinViolations("message Order {}", [proto], "old")[0]!.line).toBe(1);
  });
});

describe("explainAsyncApi", () => {
  const cause = { errorType: "TYPE_CHANGED", description: "type string is not compatible with type integer", path: "/x" };
  it("says who breaks: consumers for a sent message, the application for a received one", () => {
    const sent = { errorType: "PAYLOAD_INCOMPATIBLE", description: "message OrderPlaced on channel orders (sent): widened", path: "/p", causes: [cause] };
    expect(explainAsyncApi(sent)).toBe("Consumers of `orders` can no longer read `OrderPlaced` as this version sends it: type string is not compatible with type integer");
    const received = { errorType: "PAYLOAD_INCOMPATIBLE", description: "message Paid on channel payments (received): missing default", path: "/p" };
    expect(explainAsyncApi(received)).toBe("This application can no longer read `Paid` on `payments` as producers already send it: missing default");
  });
  it("keeps other descriptions as they are", () => {
    expect(explainAsyncApi({ errorType: "CHANNEL_REMOVED", description: "channel orders was removed", path: "/channels/orders" })).toBe("channel orders was removed");
  });
});
