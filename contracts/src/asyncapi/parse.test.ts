import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { applyEdits } from "./edit-document.js";
import { asAsyncApiModel, type AsyncApiModel } from "./model.js";
import { readYamlOrJson } from "../yaml-text.js";
import { parseAsyncApi } from "./parse.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));
const S3 = readFileSync(CORPUS + "spec-examples-3.0.0/streetlights-kafka-asyncapi.yml", "utf8");
const S2 = readFileSync(CORPUS + "spec-examples-2.6.0/streetlights-kafka.yml", "utf8");

async function model(text: string): Promise<AsyncApiModel> {
  const result = await parseAsyncApi(text);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message} at ${result.error.path}`);
  return asAsyncApiModel(result.value.model)!;
}

describe("parseAsyncApi", () => {
  it("gives the YAML and JSON spellings of a document one canonical form and fingerprint", async () => {
    const raw = readYamlOrJson(S3);
    if (!raw.ok) throw new Error(raw.error.message);
    const [fromYaml, fromJson] = [await parseAsyncApi(S3), await parseAsyncApi(JSON.stringify(raw.value, null, 3))];
    expect(fromYaml.ok && fromJson.ok).toBe(true);
    if (!fromYaml.ok || !fromJson.ok) return;
    expect(fromJson.value.canonical).toBe(fromYaml.value.canonical);
    expect(fromJson.value.fingerprint).toBe(fromYaml.value.fingerprint);
    // Key order is not significant, content is.
    const reordered = stringify(Object.fromEntries(Object.entries(raw.value as object).reverse()));
    const again = await parseAsyncApi(reordered);
    expect(again.ok && again.value.fingerprint).toBe(fromYaml.value.fingerprint);
    const other = await parseAsyncApi(S3.replace("version: 1.0.0", "version: 1.0.1"));
    expect(other.ok && other.value.fingerprint).not.toBe(fromYaml.value.fingerprint);
  });

  it("reports YAML syntax errors with their line", async () => {
    const result = await parseAsyncApi("asyncapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n");
    expect(result.ok ? "parsed" : result.error.code).toBe("SCHEMA_SYNTAX");
    expect(result.ok ? 0 : result.error.line).toBeGreaterThanOrEqual(3);
  });

  it("turns the parser's first error diagnostic into SCHEMA_INVALID with its pointer and 1-based line", async () => {
    const edited = applyEdits(S3, [{ op: "replace", path: "/operations/dimLight/action", value: "fly" }]);
    if ("error" in edited) throw new Error(edited.error);
    const result = await parseAsyncApi(edited.text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("SCHEMA_INVALID");
    expect(result.error.path).toBe("/operations/dimLight/action");
    const line = edited.text.split("\n").findIndex((l) => l.includes("action: fly")) + 1;
    expect(result.error.line).toBe(line);
  });

  it("refuses what is not an AsyncAPI document, and nesting past maxDepth", async () => {
    const openapi = await parseAsyncApi('{"openapi": "3.0.0", "info": {}}');
    expect(openapi.ok ? "parsed" : [openapi.error.code, openapi.error.path]).toEqual(["SCHEMA_INVALID", "/asyncapi"]);
    const deep = await parseAsyncApi(S3, { maxDepth: 4 });
    expect(deep.ok ? "parsed" : deep.error.code).toBe("SCHEMA_TOO_DEEP");
  });

  it("models 2.x operations from the application's side: subscribe → send, publish → receive", async () => {
    const m = await model(S2);
    expect(m.major).toBe(2);
    const actions = Object.fromEntries(m.operations.map((o) => [o.id, o.action]));
    expect(actions).toEqual({ receiveLightMeasurement: "receive", turnOn: "send", turnOff: "send", dimLight: "send" });
    const measured = m.messages.find((x) => x.key === "receiveLightMeasurement::lightMeasured")!;
    expect(measured).toMatchObject({ contentType: "application/json", payload: { format: "json" }, headers: { format: "json" } });
    expect(measured.payload?.parsed?.type).toBe("JSON");
    expect(JSON.stringify(measured.payload?.schema)).not.toContain("x-parser");
  });

  it("models 3.x channels, parameters, operations and shared messages", async () => {
    const m = await model(S3);
    expect(m.channels.map((c) => c.id)).toEqual(["lightingMeasured", "lightTurnOn", "lightTurnOff", "lightsDim"]);
    expect(m.channels[0]).toMatchObject({ address: "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured", parameters: [{ name: "streetlightId" }] });
    expect(m.operations.find((o) => o.id === "turnOff")).toMatchObject({ action: "send", channelId: "lightTurnOff", messageKeys: ["lightTurnOff::turnOff"] });
    expect(m.messages.find((x) => x.key === "lightTurnOn::turnOn")?.payload?.path).toBe("/channels/lightTurnOn/messages/turnOn/payload");
  });

  it("keeps Avro payloads and Kafka keys as written (2.x) and parses them with the Avro engine", async () => {
    const doc = {
      asyncapi: "2.6.0",
      info: { title: "Orders", version: "1.0.0" },
      channels: {
        orders: {
          subscribe: {
            operationId: "publishOrder",
            message: {
              name: "OrderPlaced",
              schemaFormat: "application/vnd.apache.avro;version=1.9.0",
              payload: { type: "record", name: "OrderPlaced", namespace: "shop", fields: [{ name: "id", type: "string" }] },
              bindings: { kafka: { key: { type: "record", name: "OrderKey", namespace: "shop", fields: [{ name: "id", type: "string" }] } } },
            },
          },
        },
      },
    };
    const m = await model(JSON.stringify(doc));
    const msg = m.messages[0]!;
    expect(msg.payload).toMatchObject({ format: "avro", schema: { type: "record", name: "OrderPlaced" } });
    expect(msg.payload?.parsed?.type).toBe("AVRO");
    expect(msg.kafkaKey).toMatchObject({ format: "avro", schema: { name: "OrderKey" } });
  });

  it("keeps a Protobuf payload's .proto text (3.x multi-format schema)", async () => {
    const proto = 'syntax = "proto3";\npackage shop;\nmessage OrderPlaced {\n  string id = 1;\n}\n';
    const doc = {
      asyncapi: "3.0.0",
      info: { title: "Orders", version: "1.0.0" },
      channels: { orders: { address: "orders", messages: { orderPlaced: { payload: { schemaFormat: "application/vnd.google.protobuf;version=3", schema: proto } } } } },
      operations: { publishOrder: { action: "send", channel: { $ref: "#/channels/orders" } } },
    };
    const m = await model(JSON.stringify(doc));
    const payload = m.messages[0]!.payload!;
    expect(payload).toMatchObject({ format: "protobuf", text: proto, path: "/channels/orders/messages/orderPlaced/payload/schema" });
    expect(m.operations[0]?.messageKeys).toEqual(["orders::orderPlaced"]);
  });

  it("turns recursive payload schemas into local $refs", async () => {
    const doc = {
      asyncapi: "3.0.0",
      info: { title: "Tree", version: "1.0.0" },
      channels: { trees: { address: "trees", messages: { tree: { payload: { $ref: "#/components/schemas/Node" } } } } },
      components: { schemas: { Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } } },
    };
    const m = await model(JSON.stringify(doc));
    expect(m.messages[0]?.payload?.schema).toEqual({ type: "object", properties: { children: { type: "array", items: { $ref: "#" } } } });
  });
});

describe("parseAsyncApi: unresolved $refs", () => {
  it("reports every unresolved local $ref, each with its line, not only the first", async () => {
    const orders = readFileSync(fileURLToPath(new URL("../../../examples/schemas/asyncapi/orders.v1.yaml", import.meta.url)), "utf8");
    const text = orders.replace("#/components/messages/OrderCreated'", "#/components/messages/Nope1'").replace("#/components/messages/PaymentCompleted'", "#/components/messages/Nope2'");
    const result = await parseAsyncApi(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("REFERENCE_UNRESOLVED");
    expect(result.error.message).toMatch(/^2 \$refs cannot be resolved: .*Nope1.* \(line \d+\); .*Nope2.* \(line \d+\)$/);
    expect(result.error.line).toBeGreaterThan(0);
  });
});
