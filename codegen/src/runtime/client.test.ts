import { describe, expect, it } from "vitest";
import { MessagingClient, type OperationDefinition } from "./client.js";
import { VERSION_HEADER, type MessageDefinition } from "./message.js";
import { jsonSerde, payloadVersion, utf8, type StandaloneValidator } from "./serde.js";
import { memoryTransport } from "./transports/memory.js";

/** A validator in ajv's standalone shape, from a predicate. */
function validator(check: (v: Record<string, unknown>) => string | undefined): StandaloneValidator {
  const fn: StandaloneValidator = (data) => {
    const problem = typeof data === "object" && data !== null ? check(data as Record<string, unknown>) : "must be object";
    fn.errors = problem === undefined ? null : [{ instancePath: "", keyword: "x", message: problem }];
    return problem === undefined;
  };
  return fn;
}

interface V1 {
  id: string;
}
interface V2 {
  id: string;
  channel: string;
}
const v1Serde = jsonSerde<V1>(validator((v) => (typeof v["id"] === "string" ? undefined : "needs id")));
const v2Serde = jsonSerde<V2>(validator((v) => (typeof v["id"] === "string" && typeof v["channel"] === "string" ? undefined : "needs id and channel")));
const created: MessageDefinition<V2, string, Readonly<Record<string, string>>> = {
  name: "Created",
  payload: v2Serde,
  version: 2,
  history: [payloadVersion(1, v1Serde, (v: V1): V2 => ({ id: v.id, channel: "web" }), (v: V2): V1 => ({ id: v.id }))],
};
const channel = { id: "events", address: "events.{region}", bindings: {} };
const op: OperationDefinition = { id: "publish", action: "send", channel, messages: [created], bindings: {}, groupId: "g" };

describe("the client engine", () => {
  it("sends with the version header, and delivers each written version upcast to the latest", async () => {
    const transport = memoryTransport();
    const client = new MessagingClient({ transport });
    const got: Array<{ payload: unknown; version: number; params: unknown }> = [];
    await client.receive(op, async (payload, context) => void got.push({ payload, version: context.writtenVersion, params: context.parameters }), {});
    await client.send(op, { id: "a", channel: "app" }, { parameters: { region: "eu" } });
    expect(transport.sent[0]!.headers[VERSION_HEADER]).toBe("2");
    // A v1 producer said so in the header; an old one said nothing: the newest version that reads the bytes.
    await transport.send({ address: "events.us", value: utf8('{"id":"b"}'), headers: { [VERSION_HEADER]: "1" } }, {});
    await transport.send({ address: "events.us", value: utf8('{"id":"c"}'), headers: {} }, {});
    await transport.idle();
    expect(got).toEqual([
      { payload: { id: "a", channel: "app" }, version: 2, params: { region: "eu" } },
      { payload: { id: "b", channel: "web" }, version: 1, params: { region: "us" } },
      { payload: { id: "c", channel: "web" }, version: 1, params: { region: "us" } },
    ]);
    await client.close();
  });

  it("writes an older version through the downcasters when asked (Confluent's DOWNGRADE)", async () => {
    const transport = memoryTransport();
    const client = new MessagingClient({ transport });
    await client.send(op, { id: "a", channel: "app" }, { parameters: { region: "eu" }, version: 1 });
    expect(transport.sent[0]!.headers[VERSION_HEADER]).toBe("1");
    expect(JSON.parse(Buffer.from(transport.sent[0]!.value).toString())).toEqual({ id: "a" });
    await expect(client.send(op, { id: "a", channel: "app" }, { parameters: { region: "eu" }, version: 7 })).rejects.toMatchObject({ code: "SCHEMA_UNKNOWN" });
    await client.close();
  });

  it("refuses an invalid payload before sending, and rejects undecodable deliveries with the reason", async () => {
    const transport = memoryTransport();
    const invalid: string[] = [];
    const client = new MessagingClient({ transport, onInvalidMessage: (e) => invalid.push(e.code) });
    await expect(client.send(op, { id: 1 }, { parameters: { region: "eu" } })).rejects.toMatchObject({ code: "PAYLOAD_INVALID", messageName: "Created" });
    await expect(client.send(op, { id: "x", channel: "c" })).rejects.toMatchObject({ code: "PARAMETER_INVALID" });
    expect(transport.sent).toEqual([]);
    let handled = 0;
    await client.receive(op, async () => void handled++, {});
    await transport.send({ address: "events.eu", value: utf8("{not json"), headers: {} }, {});
    await transport.send({ address: "events.eu", value: utf8('{"nope":1}'), headers: {} }, {});
    await transport.idle();
    expect(handled).toBe(0);
    expect(invalid).toEqual(["WIRE_FORMAT_INVALID", "PAYLOAD_INVALID"]);
    expect(transport.rejected.map((r) => r.reason)).toHaveLength(2);
    await client.close();
  });

  it("redelivers when a handler throws, and answers requests with typed replies", async () => {
    const transport = memoryTransport();
    const client = new MessagingClient({ transport });
    let attempts = 0;
    await client.receive(op, async () => {
      if (++attempts < 2) throw new Error("transient");
    }, {});
    await client.send(op, { id: "a", channel: "c" }, { parameters: { region: "eu" } });
    await transport.idle();
    expect(attempts).toBe(2);

    const reply: MessageDefinition<V1, string, Readonly<Record<string, string>>> = { name: "Ack", payload: v1Serde, version: 1, history: [] };
    const ask: OperationDefinition = { id: "ask", action: "send", channel: { id: "q", address: "questions", bindings: {} }, messages: [created], bindings: {}, groupId: "ask", reply: { messages: [reply] } };
    await client.respond(ask, async (question) => ({ id: `re:${(question as V2).id}` }), {});
    await expect(client.request(ask, { id: "q1", channel: "c" }, { timeoutMs: 5_000 })).resolves.toEqual({ id: "re:q1" });
    await client.close();
  });
});
