import protobuf from "protobufjs";
const cases = [
 `syntax="proto3"; import "google/protobuf/descriptor.proto"; message M { int32 a = 1 [(x) = { in: [{seconds: 1}] }]; }`,
 `syntax="proto3"; message M { int32 a = 1 [(x) = { fields: [] }]; }`,
 `syntax="proto3"; message M { int32 a = 1 [(x) = { params: [{ key: "precision", value: "8" }] }]; }`,
 `syntax="proto3"; message M { int32 a = 1 [(x) = { p < k: 1 > }]; }`,
 `syntax="proto3"; message M { int32 a = 1 [(x) = { p { k: 1 } q: [1, 2] }]; }`,
 `syntax="proto3"; message M { option (y) = { p: "a" "b" }; int32 a = 1; }`,
];
for (const c of cases) { try { protobuf.parse(c, { keepCase: true }); console.log("ok"); } catch (e) { console.log("ERR", (e as Error).message); } }
