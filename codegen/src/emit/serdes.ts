/**
 * `src/serdes.ts`: one serde per message schema — payload (every version), Kafka key, headers — built from the
 * runtime's `jsonSerde` (with the standalone validator), `avroSerde` (avsc) or `protobufSerde` (protobufjs), each
 * carrying the schema text the registry holds for the Confluent wire format.
 */
import type { CodegenModel, MessageModel } from "../model/codegen-model.js";
import type { SchemaPart } from "../model/schema-part.js";
import { printType } from "../model/type-ir.js";
import { GeneratedFile } from "../printer.js";
import { printValue } from "./literal.js";
import { versionTypeName } from "./types.js";
import type { ValidatorModules } from "./validators.js";

/** The exported constant names of a message's serdes. */
export function serdeNames(m: MessageModel): { payload: (version: number) => string; key: string; headers: string } {
  return {
    payload: (version) => (version === m.versions.length ? `${m.constName}Serde` : `${m.constName}V${version}Serde`),
    key: `${m.constName}KeySerde`,
    headers: `${m.constName}HeadersCodec`,
  };
}

function isStringSchema(part: SchemaPart): boolean {
  const s = part.json?.schema;
  if (s === null || typeof s !== "object" || Array.isArray(s)) return false;
  return s["type"] === "string" || (Array.isArray(s["enum"]) && s["enum"].every((v) => typeof v === "string"));
}

function validatorRef(file: GeneratedFile, part: SchemaPart, validators: ValidatorModules): string {
  const name = part.json!.validator;
  return file.import(name, validators.moduleOf.get(name) ?? "./validators.js");
}

/** Prints `export const <name> = <serde>;` for one schema part, with a constant holding its schema. */
function printSerde(file: GeneratedFile, model: CodegenModel, name: string, part: SchemaPart, typeText: string, role: "payload" | "key", validators: ValidatorModules, what: string): void {
  const opts = model.options;
  switch (part.format) {
    case "json": {
      file.import(role === "key" && isStringSchema(part) ? "stringSerde" : "jsonSerde", "./runtime/serde.js");
      const validator = validatorRef(file, part, validators);
      if (role === "key" && isStringSchema(part)) {
        file.doc(`${what}: a string (Kafka \`StringSerializer\`), checked against the contract.`);
        file.line(`export const ${name} = stringSerde<${typeText}>(${validator});`);
        return;
      }
      const schemaConst = `${name.replace(/Serde$/, "")}JsonSchema`;
      file.doc(`The JSON Schema of ${what.toLowerCase()}, as registered.`);
      file.line(`const ${schemaConst} = ${printValue(JSON.parse(part.registry!.text))};`);
      file.line();
      file.doc(`${what}: JSON, checked by the standalone validator \`${part.json!.validator}\` (compiled from the schema above).`);
      file.line(`export const ${name} = jsonSerde<${typeText}>(${validator}, JSON.stringify(${schemaConst}));`);
      return;
    }
    case "avro": {
      file.import("avroSerde", "./runtime/serde-avro.js");
      const schemaConst = `${name.replace(/Serde$/, "")}AvroSchema`;
      file.doc(`The Avro schema of ${what.toLowerCase()} (canonical form).`);
      file.line(`const ${schemaConst} = ${printValue(part.avro!.schema)} as const;`);
      file.line();
      file.doc(`${what}: Avro binary (avsc).`);
      const registered = JSON.stringify(part.avro!.schema) === part.registry!.text ? "" : `, ${JSON.stringify(part.registry!.text)}`;
      file.line(`export const ${name} = avroSerde<${typeText}>(${schemaConst}, { longs: "${opts.longs}", timestamps: "${opts.timestamps}" }${registered});`);
      return;
    }
    case "protobuf": {
      file.import("protobufSerde", "./runtime/serde-protobuf.js");
      const p = part.protobuf!;
      const rootConst = `${name.replace(/Serde$/, "")}ProtoRoot`;
      file.doc(`The \`.proto\` definitions of ${what.toLowerCase()}, as protobufjs JSON.`);
      file.line(`const ${rootConst} = ${printValue(p.root)};`);
      file.line();
      file.doc(`${what}: Protobuf message \`${p.typeName}\` (protobufjs).`);
      file.block(`export const ${name} = protobufSerde<${typeText}>(`, () => {
        file.line(`${rootConst},`);
        file.line(`${JSON.stringify(p.typeName)},`);
        file.line(`${printValue(p.required, "  ")},`);
        file.line(`{ longs: "${opts.longs}" },`);
        file.line(`{ type: "PROTOBUF", text: ${JSON.stringify(part.registry!.text)}, messageIndexes: ${printValue(p.messageIndexes)} },`);
      }, ");");
      return;
    }
    case "none":
      file.import("jsonSerde", "./runtime/serde.js");
      file.doc(`${what}: JSON, not checked (${part.note ?? "the contract gives no schema"}).`);
      file.line(`export const ${name} = jsonSerde<${typeText}>(undefined);`);
      return;
  }
}

/** Emits `src/serdes.ts`. */
export function emitSerdes(model: CodegenModel, validators: ValidatorModules): GeneratedFile {
  const file = new GeneratedFile("src/serdes.ts");
  for (const m of model.messages) {
    const names = serdeNames(m);
    for (const v of m.versions) {
      const latest = v.version === m.versions.length;
      const typeName = latest ? m.name : versionTypeName(m.name, v.version);
      file.importType(typeName, "./types.js");
      printSerde(file, model, names.payload(v.version), v.payload, typeName, "payload", validators, latest ? `${m.name} payload` : `${m.name} payload, version ${v.version}`);
      file.line();
    }
    if (m.key_) {
      const keyType = printType(m.key_.type);
      if (m.key_.typeName) file.importType(m.key_.typeName, "./types.js");
      printSerde(file, model, names.key, m.key_, keyType, "key", validators, `${m.name} Kafka key`);
      file.line();
    }
    if (m.headers) {
      file.import("headerCodec", "./runtime/serde.js");
      const headersType = m.headers.typeName ?? "Record<string, string>";
      if (m.headers.typeName) file.importType(m.headers.typeName, "./types.js");
      const validator = m.headers.json ? validatorRef(file, m.headers, validators) : "undefined";
      file.doc(`${m.name} headers: strings as they are, other values as JSON text.`);
      file.line(`export const ${names.headers} = headerCodec<${headersType}>(${validator}, ${printValue(m.headerEncodings)});`);
      file.line();
    }
  }
  return file;
}
