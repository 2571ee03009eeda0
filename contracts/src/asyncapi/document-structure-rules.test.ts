import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Parser } from "@asyncapi/parser";
import { describe, expect, it } from "vitest";
import { STRUCTURE_RULES } from "./document-structure-rules.js";

const CORPUS = fileURLToPath(new URL("../../../../shared/corpus/asyncapi/", import.meta.url));

const INVALID = [
  "asyncapi: 3.0.0\ninfo:\n  title: x\nchannels:\n  a:\n    address: 42\n",
  "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\nchannels:\n  a:\n    subscribe:\n      message:\n        payload: {type: object}\n        bogus: 1\n",
  "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\noperations:\n  o:\n    action: publish\n    channel: {$ref: '#/channels/missing'}\n",
];

describe("STRUCTURE_RULES", () => {
  it("reports exactly what the parser's own structure rules report, on valid and invalid documents, document after document", async () => {
    const stock = new Parser();
    const shared = new Parser({ ruleset: { rules: STRUCTURE_RULES } } as ConstructorParameters<typeof Parser>[0]);
    const texts = [
      ...INVALID,
      readFileSync(`${CORPUS}spec-examples-3.0.0/streetlights-kafka-asyncapi.yml`, "utf8"),
      readFileSync(`${CORPUS}spec-examples-2.6.0/streetlights-kafka.yml`, "utf8"),
      ...INVALID,
    ];
    for (const text of texts) {
      const expected = (await stock.parse(text)).diagnostics.map((d) => [d.code, d.severity, d.message, d.path.join("/")]);
      const actual = (await shared.parse(text)).diagnostics.map((d) => [d.code, d.severity, d.message, d.path.join("/")]);
      expect(actual).toEqual(expected);
    }
    expect((await shared.parse(INVALID[0]!)).diagnostics.some((d) => d.code === "asyncapi-document-resolved" && d.severity === 0)).toBe(true);
  });
});
