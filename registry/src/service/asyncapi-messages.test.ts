import { asAsyncApiModel, getFormat } from "@charter/contracts";
import { describe, expect, it } from "vitest";
import { messagePayloads } from "./asyncapi-messages.js";

async function model(text: string) {
  const parsed = await getFormat("ASYNCAPI")!.parse(text);
  if (!parsed.ok) expect.fail(parsed.error.message);
  return asAsyncApiModel(parsed.value.model)!;
}

describe("messagePayloads", () => {
  it("names by message id, sharing one subject when a message is reused on several channels", async () => {
    const m = await model(`asyncapi: 3.0.0
info: {title: t, version: '1'}
channels:
  a: {address: a, messages: {Ping: {$ref: '#/components/messages/Ping'}}}
  b: {address: b, messages: {Ping: {$ref: '#/components/messages/Ping'}}}
operations:
  s: {action: send, channel: {$ref: '#/channels/a'}}
  r: {action: receive, channel: {$ref: '#/channels/b'}}
components:
  messages:
    Ping: {payload: {type: object, properties: {at: {type: string}}}}
`);
    expect(messagePayloads("svc", m).map((p) => [p.channel, p.subject, p.action, p.schemaType])).toEqual([
      ["a", "svc.Ping-value", "send", "JSON"],
      ["b", "svc.Ping-value", "receive", "JSON"],
    ]);
  });

  it("numbers different schemas sharing an id on one channel, and explains schemas that cannot stand alone", async () => {
    const m = await model(`asyncapi: 2.6.0
info: {title: t, version: '1'}
channels:
  c:
    publish: {message: {name: message, payload: {type: string}}}
    subscribe: {message: {name: message, payload: {type: integer}}}
  raml:
    publish:
      message:
        name: other
        schemaFormat: application/raml+yaml;version=1.0
        payload: {type: string}
`);
    const rows = messagePayloads("s", m);
    expect(rows.map((p) => p.subject ?? p.reason)).toEqual(["s.c.message.1-value", "s.c.message.2-value", expect.stringContaining("no engine reads other schemas")]);
    expect(rows.map((p) => p.action)).toEqual(["receive", "send", "receive"]);
  });
});
