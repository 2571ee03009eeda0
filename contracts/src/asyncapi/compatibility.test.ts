import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkLevel } from "../compatibility-level.js";
import { ok } from "../errors.js";
import type { Format, ParsedSchema, SchemaType } from "../format.js";
import { getFormat } from "../formats.js";
import { checkAsyncApi, replaceCheck } from "./compatibility.js";
import { applyEdits, type EditOp } from "./edit-document.js";
import { asyncApiFormat } from "./index.js";
import { parseAsyncApi, type AsyncApiParseOptions } from "./parse.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));
const S3 = readFileSync(CORPUS + "spec-examples-3.0.0/streetlights-kafka-asyncapi.yml", "utf8");
const S2 = readFileSync(CORPUS + "spec-examples-2.6.0/streetlights-kafka.yml", "utf8");

function edited(text: string, edits: readonly EditOp[]): string {
  const result = applyEdits(text, edits);
  if ("error" in result) throw new Error(result.error);
  return result.text;
}

async function parsed(text: string, options?: AsyncApiParseOptions): Promise<ParsedSchema> {
  const result = await parseAsyncApi(text, options);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} at ${result.error.path}`);
  return result.value;
}

/** 1-based line of the first line containing `needle` at or after line `after`. */
function lineOf(text: string, needle: string, after = 1): number {
  const i = text.split("\n").findIndex((l, n) => n + 1 >= after && l.includes(needle));
  if (i < 0) throw new Error(`${needle} not found`);
  return i + 1;
}

// In streetlights 3.0, lightMeasured is RECEIVED (receiveLightMeasurement); turnOn/turnOff/dimLight are SENT.
const receivedRequired: EditOp[] = [{ op: "add", path: "/components/schemas/lightMeasuredPayload/required", value: ["lumens"] }];
const sentEnumWidened: EditOp[] = [{ op: "add", path: "/components/schemas/turnOnOffPayload/properties/command/enum/-", value: "blink" }];

describe("checkAsyncApi: direction-aware payload rules (must hold)", () => {
  it("refuses under BACKWARD a change that breaks only a received message's backward compatibility, with the field's path and line", async () => {
    const old = await parsed(S3);
    const nextText = edited(S3, receivedRequired);
    const next = await parsed(nextText);
    const verdict = checkAsyncApi(old, next, { level: "BACKWARD" });
    expect(verdict.compatible).toBe(false);
    expect(verdict.violations).toHaveLength(1);
    const v = verdict.violations[0]!;
    expect(v).toMatchObject({ rule: "PAYLOAD_INCOMPATIBLE", direction: "backward", document: "new", path: "/components/messages/lightMeasured/payload" });
    expect(v.message).toContain("received");
    expect(v.causes?.[0]).toMatchObject({ rule: "REQUIRED_ATTRIBUTE_ADDED", path: "/components/schemas/lightMeasuredPayload/required" });
    const requiredLine = lineOf(nextText, "required:", lineOf(nextText, "lightMeasuredPayload:", lineOf(nextText, "schemas:")));
    expect(v.causes?.[0]?.line).toBe(requiredLine);
    expect(v.line).toBe(requiredLine);
    // The same edit is fine for old readers (FORWARD on the payload), so FORWARD alone accepts it.
    expect(checkAsyncApi(old, next, { level: "FORWARD" }).compatible).toBe(true);
  });

  it("refuses under BACKWARD a change that breaks only a sent message's forward compatibility, with the field's path", async () => {
    const old = await parsed(S3);
    const next = await parsed(edited(S3, sentEnumWidened));
    // As a plain schema check (new reads old) this edit is compatible: only the direction-aware rule catches it.
    const verdict = checkAsyncApi(old, next, { level: "BACKWARD" });
    expect(verdict.compatible).toBe(false);
    const byChannel = verdict.violations.map((v) => v.message.split(":")[0]);
    expect(byChannel).toEqual(["message turnOn on channel lightTurnOn (sent)", "message turnOff on channel lightTurnOff (sent)"]);
    for (const v of verdict.violations) {
      expect(v.rule).toBe("PAYLOAD_INCOMPATIBLE");
      expect(v.causes?.[0]).toMatchObject({ rule: "ENUM_ARRAY_NARROWED", path: "/components/schemas/turnOnOffPayload/properties/command/enum" });
    }
  });

  it("accepts the mirror images: a received payload widened, a sent payload narrowed", async () => {
    const old = await parsed(S3);
    const widened = await parsed(edited(S3, [{ op: "replace", path: "/components/schemas/lightMeasuredPayload/properties/lumens/minimum", value: -10 }]));
    const narrowed = await parsed(edited(S3, [{ op: "remove", path: "/components/schemas/turnOnOffPayload/properties/command/enum/1" }]));
    expect(checkAsyncApi(old, widened).compatible).toBe(true);
    expect(checkAsyncApi(old, narrowed).compatible).toBe(true);
    // FULL demands both directions of every payload: the narrowed sent enum no longer reads old commands.
    expect(checkAsyncApi(old, narrowed, { level: "FULL" }).violations.map((v) => v.direction)).toEqual(["forward", "forward"]);
  });

  it("applies 2.x semantics: subscribe = the application sends, publish = it receives", async () => {
    const old = await parsed(S2);
    const sent = await parsed(edited(S2, sentEnumWidened));
    const received = await parsed(edited(S2, receivedRequired));
    expect(checkAsyncApi(old, sent).violations.every((v) => v.message.includes("(sent)"))).toBe(true);
    expect(checkAsyncApi(old, sent).compatible).toBe(false);
    expect(checkAsyncApi(old, received).violations.map((v) => v.message.split(":")[0])).toEqual(["message lightMeasured on channel smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured (received)"]);
  });
});

describe("checkAsyncApi: levels", () => {
  it("NONE accepts anything; FULL is BACKWARD plus Confluent's mirror", async () => {
    const old = await parsed(S3);
    const removed = await parsed(edited(S3, [{ op: "remove", path: "/channels/lightsDim" }, { op: "remove", path: "/operations/dimLight" }]));
    expect(checkAsyncApi(old, removed, { level: "NONE" })).toEqual({ compatible: true, violations: [], changes: [] });
    const backward = checkAsyncApi(old, removed, { level: "BACKWARD" });
    expect(backward.violations.map((v) => [v.rule, v.path, v.document])).toEqual([["CHANNEL_REMOVED", "/channels/lightsDim", "old"]]);
    expect(backward.violations[0]?.line).toBe(lineOf(S3, "lightsDim:"));
    // FORWARD = the old document replacing the new one: the channel comes back, which is an addition.
    expect(checkAsyncApi(old, removed, { level: "FORWARD" }).compatible).toBe(true);
    expect(checkAsyncApi(removed, old, { level: "FORWARD" }).violations.map((v) => [v.rule, v.document])).toEqual([["CHANNEL_REMOVED", "new"]]);
    expect(checkAsyncApi(old, removed, { level: "FULL" }).violations.map((v) => v.direction)).toEqual(["backward"]);
  });

  it("transitive levels check every earlier version, non-transitive only the latest", async () => {
    const v1 = await parsed(S3);
    const v2 = await parsed(edited(S3, receivedRequired));
    const v3 = await parsed(edited(S3, [...receivedRequired, { op: "replace", path: "/info/version", value: "3.0.0" }]));
    expect(checkAsyncApi([v1, v2], v3, { level: "BACKWARD" }).compatible).toBe(true);
    const transitive = checkAsyncApi([v1, v2], v3, { level: "BACKWARD_TRANSITIVE" });
    expect(transitive.compatible).toBe(false);
    expect(transitive.violations.map((v) => v.against)).toEqual([0]);
  });

  it("agrees with the registry's checkLevel over the Format interface", async () => {
    const old = await parsed(S3);
    for (const edits of [receivedRequired, sentEnumWidened, [{ op: "replace", path: "/info/title", value: "Lights" } as EditOp]]) {
      const next = await parsed(edited(S3, edits));
      for (const level of ["BACKWARD", "FORWARD", "FULL"] as const) {
        const ours = checkAsyncApi(old, next, { level });
        const registry = checkLevel(asyncApiFormat, level, next, [{ version: 1, schema: old }]);
        expect(registry.compatible).toBe(ours.compatible);
        expect(registry.violations.map((v) => [v.rule, v.direction])).toEqual(ours.violations.map((v) => [v.rule, v.direction]));
      }
    }
  });
});

describe("replaceCheck: structural rules and policy", () => {
  it("reports documentation, info and servers edits as non-breaking, and a policy can make servers breaking", async () => {
    const old = await parsed(S3);
    const next = await parsed(
      edited(S3, [
        { op: "replace", path: "/info/version", value: "9.9.9" },
        { op: "replace", path: "/servers/scram-connections/host", value: "kafka.example.org:9092" },
        { op: "replace", path: "/channels/lightingMeasured/description", value: "Measured." },
        { op: "add", path: "/operations/turnOn/tags", value: [{ name: "commands" }] },
      ]),
    );
    const changes = replaceCheck(next, old);
    expect(changes.map((c) => [c.rule, c.severity])).toEqual([
      ["SERVERS_CHANGED", "non-breaking"],
      ["INFO_CHANGED", "non-breaking"],
    ]);
    expect(asyncApiFormat.compatibility(next, old, { policy: { SERVERS_CHANGED: "breaking" } }).map((v) => v.rule)).toEqual(["SERVERS_CHANGED"]);
    expect(asyncApiFormat.compatibility(next, old, { policy: { INFO_CHANGED: "ignore", SERVERS_CHANGED: "ignore" } })).toEqual([]);
  });

  it("finds address, action, content type, Kafka key and parameter changes", async () => {
    const old = await parsed(
      edited(S3, [{ op: "add", path: "/components/messages/dimLight/bindings", value: { kafka: { key: { type: "string" } } } }]),
    );
    const next = await parsed(
      edited(old.text, [
        { op: "replace", path: "/channels/lightsDim/address", value: "dim.{streetlightId}" },
        { op: "replace", path: "/operations/turnOn/action", value: "receive" },
        { op: "add", path: "/components/messages/lightMeasured/contentType", value: "application/xml" },
        { op: "replace", path: "/components/messages/dimLight/bindings/kafka/key", value: { type: "integer" } },
      ]),
    );
    const rules = asyncApiFormat.compatibility(next, old).map((v) => v.rule);
    expect(rules).toEqual(expect.arrayContaining(["CHANNEL_ADDRESS_CHANGED", "OPERATION_ACTION_CHANGED", "MESSAGE_CONTENT_TYPE_CHANGED", "MESSAGE_KEY_INCOMPATIBLE"]));
  });

  it("pairs a 2.x publish→subscribe flip without operationId as an action change", async () => {
    const base = edited(S2, [{ op: "remove", path: "/channels/smartylighting.streetlights.1.0.action.{streetlightId}.dim/subscribe/operationId" }]);
    const flipped = edited(base, [
      {
        op: "move",
        from: "/channels/smartylighting.streetlights.1.0.action.{streetlightId}.dim/subscribe",
        path: "/channels/smartylighting.streetlights.1.0.action.{streetlightId}.dim/publish",
      },
    ]);
    const rules = asyncApiFormat.compatibility(await parsed(flipped), await parsed(base)).map((v) => v.rule);
    expect(rules).toContain("OPERATION_ACTION_CHANGED");
    expect(rules).not.toContain("OPERATION_REMOVED");
  });

  it("returns a violation, not an exception, for a schema of another type", async () => {
    const avro = await getFormat("AVRO")!.parse('"string"');
    if (!avro.ok) throw new Error("avro engine refused a primitive");
    const doc = await parsed(S3);
    expect(asyncApiFormat.compatibility(doc, avro.value).length).toBeGreaterThan(0);
  });
});

describe("payload delegation", () => {
  /** A JSON engine that accepts everything and records which payload texts were compared, in which order. */
  function recordingEngines() {
    const calls: Array<[string, string]> = [];
    const fake: Format = {
      type: "JSON",
      parse: (text) => Promise.resolve(ok({ type: "JSON", text, canonical: text, fingerprint: "", references: [], model: text })),
      compatibility: (reader, writer) => {
        calls.push([reader.text, writer.text]);
        return [];
      },
      validate: () => [],
      encode: () => ok(new Uint8Array()),
      decode: () => ok(null),
    };
    return { calls, engines: (type: SchemaType) => (type === "JSON" ? fake : undefined) };
  }

  it("hands received payloads over as (new reader, old writer) and sent ones as (old reader, new writer)", async () => {
    const { calls, engines } = recordingEngines();
    const old = await parsed(S3, { engines });
    const next = await parsed(
      edited(S3, [
        { op: "replace", path: "/components/schemas/lightMeasuredPayload/properties/lumens/minimum", value: 1 },
        { op: "replace", path: "/components/schemas/dimLightPayload/properties/percentage/maximum", value: 99 },
      ]),
      { engines },
    );
    replaceCheck(next, old, { engines });
    const pairs = calls.filter(([r, w]) => r.includes('"minimum":1') || w.includes('"minimum":1') || r.includes('"maximum":99') || w.includes('"maximum":99'));
    expect(pairs).toHaveLength(2);
    const received = pairs.find(([r, w]) => r.includes("lumens") || w.includes("lumens"))!;
    const sent = pairs.find(([r, w]) => r.includes("percentage") || w.includes("percentage"))!;
    expect(received[0]).toContain('"minimum":1'); // the new payload reads
    expect(sent[1]).toContain('"maximum":99'); // the new payload is written
  });

  it("refuses a changed payload no engine can check (PAYLOAD_UNCHECKED) and ignores an unchanged one", async () => {
    const none = () => undefined;
    const old = await parsed(S3, { engines: none });
    const same = await parsed(edited(S3, [{ op: "replace", path: "/info/title", value: "Lights" }]), { engines: none });
    const changed = await parsed(edited(S3, receivedRequired), { engines: none });
    expect(asyncApiFormat.compatibility(same, old, { engines: none } as never)).toEqual([]);
    expect(replaceCheck(changed, old, { engines: none }).map((c) => [c.rule, c.severity])).toEqual([["PAYLOAD_UNCHECKED", "breaking"]]);
  });
});

describe("wording: what the user wrote, from the old document to the new one, with a hint", () => {
  const ORDERS = readFileSync(fileURLToPath(new URL("../../../examples/schemas/asyncapi/orders.v1.yaml", import.meta.url)), "utf8");
  // In orders.v1, OrderCreated is SENT (publishOrderCreated) and PaymentCompleted RECEIVED (onPaymentCompleted).
  const amount = "/components/messages/OrderCreated/payload/properties/amount";
  const causeMessages = (verdict: ReturnType<typeof checkAsyncApi>) => verdict.violations.flatMap((v) => (v.causes ?? []).map((c) => c.message));

  it("says `minimum 0 removed` when the new document removed it, and `added` for the mirror, never the engine's reader-side word", async () => {
    const old = await parsed(ORDERS);
    const next = await parsed(edited(ORDERS, [{ op: "remove", path: `${amount}/minimum` }]));
    const removed = checkAsyncApi(old, next, { level: "BACKWARD" });
    expect(removed.violations).toHaveLength(1);
    expect(removed.violations[0]!.message).toContain("the old schema cannot read payload written with the new one");
    expect(causeMessages(removed)).toEqual(["minimum 0 removed: readers of the old schema refuse data the new one allows"]);
    // Rolled back: the new document is now the one with the minimum.
    const added = checkAsyncApi(next, old, { level: "FORWARD" });
    expect(causeMessages(added)).toEqual(["minimum 0 added: the new schema refuses data the old one allowed"]);
  });

  it("reports `type: [number, string]` as written, not as the anyOf it compiles to", async () => {
    const old = await parsed(ORDERS);
    const next = await parsed(edited(ORDERS, [{ op: "replace", path: `${amount}/type`, value: ["number", "string"] }]));
    const verdict = checkAsyncApi(old, next, { level: "BACKWARD" });
    const text = JSON.stringify(verdict.violations.map((v) => [v.message, v.causes?.[0]?.message]));
    expect(text).toContain("type changed from number to [number, string]");
    expect(verdict.violations[0]!.message).not.toContain("anyOf");
  });

  it("under FORWARD calls an operation the new document added `added`, not `removed`", async () => {
    const old = await parsed(ORDERS);
    const next = await parsed(
      edited(ORDERS, [{ op: "add", path: "/operations/publishOrderShipped", value: { action: "send", channel: { $ref: "#/channels/orderEvents" } } }]),
    );
    const verdict = checkAsyncApi(old, next, { level: "FORWARD" });
    expect(verdict.violations).toHaveLength(1);
    expect(verdict.violations[0]).toMatchObject({ rule: "OPERATION_REMOVED", direction: "forward", document: "new" });
    expect(verdict.violations[0]!.message).toMatch(/^operation publishOrderShipped \(send on orderEvents\) was added/);
    expect(verdict.violations[0]!.message).not.toContain("removed");
    expect(verdict.violations[0]!.hint).toMatch(/^An addition breaks only FORWARD/);
    const backward = checkAsyncApi(old, next, { level: "BACKWARD" });
    expect(backward.changes.find((c) => c.rule === "OPERATION_ADDED")!.message).toMatch(/was added$/);
  });

  it("reports a removed operation together with its removed channel", async () => {
    const old = await parsed(ORDERS);
    const next = await parsed(edited(ORDERS, [{ op: "remove", path: "/operations/onPaymentCompleted" }, { op: "remove", path: "/channels/payments" }]));
    const verdict = checkAsyncApi(old, next, { level: "BACKWARD" });
    expect(verdict.violations).toHaveLength(1);
    const [channel] = verdict.violations;
    expect(channel).toMatchObject({ rule: "CHANNEL_REMOVED", document: "old", path: "/channels/payments" });
    expect(channel!.message).toBe("channel payments (payment-events) was removed, with its operation onPaymentCompleted (receive)");
    expect(channel!.causes).toEqual([
      expect.objectContaining({ rule: "OPERATION_REMOVED", path: "/operations/onPaymentCompleted", line: lineOf(ORDERS, "onPaymentCompleted:"), message: expect.stringContaining("removed with its channel") }),
    ]);
  });

  it("gives every finding a hint, and passes the payload engine's hints on in the causes", async () => {
    const old = await parsed(ORDERS);
    const next = await parsed(edited(ORDERS, [{ op: "remove", path: "/operations/onPaymentCompleted" }, { op: "remove", path: `${amount}/minimum` }]));
    const verdict = checkAsyncApi(old, next, { level: "FULL" });
    expect(verdict.changes.length).toBeGreaterThan(1);
    for (const c of verdict.changes) expect(c.hint, c.rule).toMatch(/\w+/);
    expect(verdict.violations.find((v) => v.rule === "OPERATION_REMOVED")!.hint).toContain("Keep the operation");
  });
});
