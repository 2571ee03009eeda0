import protobuf from "protobufjs";
for (const c of [`syntax="proto3"; message M { int32 a = 1 [(x) = {}]; option (y) = {   }; }`, `syntax="proto3"; message M { int32 a = 1 [(x) = {}, (z) = 1]; }`]) { try { protobuf.parse(c, { keepCase: true }); console.log("ok"); } catch (e) { console.log("ERR", (e as Error).message); } }
