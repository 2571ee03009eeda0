import { describe, expect, it } from "vitest";
import { avroFormat, parsingCanonicalForm } from "./index.js";
import { rabinFingerprint64, rabinFingerprintHex, sha256Fingerprint, toSignedLong } from "./fingerprint.js";

async function pcf(text: string): Promise<string> {
  const r = await avroFormat.parse(text);
  if (!r.ok) throw new Error(r.error.message);
  const form = parsingCanonicalForm(r.value);
  if (form === undefined) throw new Error("no PCF");
  return form;
}

// Published vectors: apache/avro share/test/data/schema-tests.txt (input, PCF, Java signed 64-bit fingerprint).
const VECTORS: ReadonlyArray<readonly [string, string, bigint | null]> = [
  ['"null"', '"null"', 7195948357588979594n],
  ['{"type":"null"}', '"null"', null],
  ['"boolean"', '"boolean"', -6970731678124411036n],
  ['"int"', '"int"', 8247732601305521295n],
  ['{"type":"int"}', '"int"', null],
  ['"long"', '"long"', -3434872931120570953n],
  ['"float"', '"float"', 5583340709985441680n],
  ['"double"', '"double"', -8181574048448539266n],
  ['"bytes"', '"bytes"', 5746618253357095269n],
  ['"string"', '"string"', -8142146995180207161n],
  ["[  ]", "[]", -1241056759729112623n],
  ['[ "int"  ]', '["int"]', -5232228896498058493n],
  ['[ "int" , {"type":"boolean"} ]', '["int","boolean"]', 5392556393470105090n],
  ['{"fields":[], "type":"record", "name":"foo"}', '{"name":"foo","type":"record","fields":[]}', -4824392279771201922n],
  ['{"fields":[], "type":"record", "name":"foo", "namespace":"x.y"}', '{"name":"x.y.foo","type":"record","fields":[]}', 5916914534497305771n],
  ['{"fields":[], "type":"record", "name":"a.b.foo", "namespace":"x.y"}', '{"name":"a.b.foo","type":"record","fields":[]}', -4616218487480524110n],
  ['{"fields":[], "type":"record", "name":"foo", "doc":"foo", "aliases":["foo","bar"]}', '{"name":"foo","type":"record","fields":[]}', -4824392279771201922n],
  ['{"fields":[{"type":{"type":"boolean"}, "name":"f1"}], "type":"record", "name":"foo"}', '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"}]}', 7843277075252814651n],
  [
    '{ "fields":[{"type":"boolean", "aliases":[], "name":"f1", "default":true}, {"order":"descending","name":"f2","doc":"Hello","type":"int"}], "type":"record", "name":"foo"}',
    '{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"},{"name":"f2","type":"int"}]}',
    -4860222112080293046n,
  ],
  ['{"type":"enum", "name":"foo", "symbols":["A1"]}', '{"name":"foo","type":"enum","symbols":["A1"]}', -6342190197741309591n],
  ['{"namespace":"x.y.z", "type":"enum", "name":"foo", "doc":"foo bar", "symbols":["A1", "A2"]}', '{"name":"x.y.z.foo","type":"enum","symbols":["A1","A2"]}', -4448647247586288245n],
  ['{"name":"foo","type":"fixed","size":15}', '{"name":"foo","type":"fixed","size":15}', 1756455273707447556n],
  ['{"namespace":"x.y.z", "type":"fixed", "name":"foo", "doc":"foo bar", "size":32}', '{"name":"x.y.z.foo","type":"fixed","size":32}', -3064184465700546786n],
  ['{ "items":{"type":"null"}, "type":"array"}', '{"type":"array","items":"null"}', -589620603366471059n],
  ['{ "values":"string", "type":"map"}', '{"type":"map","values":"string"}', -8732877298790414990n],
  [
    '{"name":"PigValue","type":"record", "fields":[{"name":"value", "type":["null", "int", "long", "PigValue"]}]}',
    '{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}',
    -1759257747318642341n,
  ],
];

describe("Parsing Canonical Form and fingerprints (Avro spec §Parsing Canonical Form, §Schema Fingerprints)", () => {
  it.each(VECTORS)("PCF of %s", async (input, expected, fingerprint) => {
    const form = await pcf(input);
    expect(form).toBe(expected);
    if (fingerprint !== null) expect(toSignedLong(rabinFingerprint64(form))).toBe(fingerprint);
  });

  it("strips logical types and custom properties, keeps full names of nested types", async () => {
    const form = await pcf(
      '{"type":"record","name":"R","namespace":"a.b","fields":[{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"e","type":{"type":"enum","name":"E","symbols":["X"],"default":"X"}},{"name":"again","type":"E"}]}',
    );
    expect(form).toBe('{"name":"a.b.R","type":"record","fields":[{"name":"t","type":"long"},{"name":"e","type":{"name":"a.b.E","type":"enum","symbols":["X"]}},{"name":"again","type":"a.b.E"}]}');
  });

  it("rabinFingerprintHex is the 16-digit unsigned hex of the fingerprint", () => {
    // 7195948357588979594 = 0x63dd24e7cc258f8a (the fingerprint of "null").
    expect(rabinFingerprintHex('"null"')).toBe("63dd24e7cc258f8a");
    expect(rabinFingerprint64("")).toBe(0xc15d213aa4d7a795n);
  });

  it("sha256Fingerprint hashes the PCF's UTF-8 bytes", () => {
    expect(sha256Fingerprint('"int"')).toBe("3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45");
  });
});
