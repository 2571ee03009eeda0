import { describe, expect, it } from "vitest";
import { corpus } from "../../test/gate-fixture.js";
import { DEFAULT_CONFIG, type GateConfig } from "./config.js";
import { classify, defaultFormat } from "./discover.js";

describe("defaultFormat", () => {
  it("applies the default rules: .avsc, .proto, JSON Schema by meta-schema, AsyncAPI by its top-level key", () => {
    expect(defaultFormat("a/b.avsc", undefined)).toBe("AVRO");
    expect(defaultFormat("a/b.proto", undefined)).toBe("PROTOBUF");
    expect(defaultFormat("s.json", corpus("jsonschema/cdevents/schemas/artifactpublished.json"))).toBe("JSON");
    expect(defaultFormat("s.json", corpus("jsonschema/cloudevents/cloudevents.json"))).toBe("JSON");
    expect(defaultFormat("api.yml", corpus("asyncapi/spec-examples-3.0.0/simple-asyncapi.yml"))).toBe("ASYNCAPI");
    expect(defaultFormat("api.json", '{"asyncapi": "2.6.0", "info": {}}')).toBe("ASYNCAPI");
  });

  it("leaves other files alone: JSON instances pointing at a schema, fragments, configuration", () => {
    expect(defaultFormat("tsconfig.json", '{"$schema": "https://json.schemastore.org/tsconfig", "compilerOptions": {}}')).toBeUndefined();
    expect(defaultFormat("package.json", '{"name": "x"}')).toBeUndefined();
    expect(defaultFormat("common/messages.yaml", corpus("asyncapi/spec-examples-3.0.0/social-media/common/messages.yaml"))).toBeUndefined();
    expect(defaultFormat(".github/workflows/ci.yml", "on: push\njobs: {}\n")).toBeUndefined();
    expect(defaultFormat("broken.json", "{")).toBeUndefined();
  });
});

describe("classify", () => {
  const config: GateConfig = {
    ...DEFAULT_CONFIG,
    level: "FULL",
    mappings: [
      { matches: (p) => p.startsWith("legacy/"), format: "AVRO", level: "NONE" },
      { matches: (p) => p.startsWith("events/"), subject: "{name}-value", allowDeletion: true },
    ],
  };

  it("takes format, subject, level and allowDeletion from the first matching mapping, detecting the format when it is not given", () => {
    expect(classify(config, "legacy/x.json", undefined)).toEqual({ path: "legacy/x.json", subject: "legacy/x.json", format: "AVRO", level: "NONE", allowDeletion: false });
    expect(classify(config, "events/order.json", '{"type": "record", "name": "Order", "fields": []}')).toEqual({ path: "events/order.json", subject: "order-value", format: "AVRO", level: "FULL", allowDeletion: true });
    expect(classify(config, "events/readme.md", "# Events")).toBeUndefined();
    expect(classify(config, "other/a.avsc", "{}")).toBeUndefined();
    expect(classify(DEFAULT_CONFIG, "x/a.avsc", undefined)).toEqual({ path: "x/a.avsc", subject: "x/a.avsc", format: "AVRO", level: "BACKWARD", allowDeletion: false });
  });
});
