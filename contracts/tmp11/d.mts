import { getFormat } from "../src/index.js";
const p = getFormat("PROTOBUF")!;
const meta = `syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta { string doc = 1; map<string, string> params = 2; repeated string tags = 3; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
`;
const text = `syntax = "proto3";
package shop;
import "confluent/meta.proto";
message Price {
  option (confluent.message_meta) = { doc: "a price" tags: [] };
  string amount = 1 [(confluent.field_meta) = { params: [{ key: "precision", value: "8" }, < key: "scale" value: "2" >] }];
}`;
const r = await p.parse(text, { references: [{ name: "confluent/meta.proto", schema: meta }] });
console.log(r.ok ? r.value.canonical : r.error);
if (r.ok) console.log(p.validate(r.value, { amount: "1" }));
