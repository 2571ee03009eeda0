/**
 * `src/messages.ts`: one `MessageDefinition` per message — its serdes, version history chained through the
 * upcasters, registry subjects and correlation id location — and `src/operations.ts`: the channels and
 * operations as data for the runtime client.
 */
import type { CodegenModel, MessageModel, OperationModel } from "../model/codegen-model.js";
import { printType } from "../model/type-ir.js";
import { GeneratedFile } from "../printer.js";
import { printValue } from "./literal.js";
import { serdeNames } from "./serdes.js";
import { downcasterName, upcasterName } from "./upcasters.js";

/** The key type a message's producer passes (`string | Uint8Array` when the contract types none). */
export function sendKeyType(m: MessageModel): string {
  return m.key_ ? (m.key_.typeName ?? printType(m.key_.type)) : "string | Uint8Array";
}

/** The key type a consumer's context gives (a UTF-8 string when the contract types none). */
export function receivedKeyType(m: MessageModel): string {
  return m.key_ ? (m.key_.typeName ?? printType(m.key_.type)) : "string";
}

/** The headers type of a message (`Readonly<Record<string, string>>` when the contract declares none). */
export function headersType(m: MessageModel): string {
  return m.headers?.typeName ?? "Readonly<Record<string, string>>";
}

/**
 * Emits `src/messages.ts`. `downcastable` holds `<message>:<from>` for each step whose downcaster was derived.
 */
export function emitMessages(model: CodegenModel, downcastable: ReadonlySet<string>): GeneratedFile {
  const file = new GeneratedFile("src/messages.ts");
  file.importType("MessageDefinition", "./runtime/message.js");
  for (const m of model.messages) {
    const names = serdeNames(m);
    file.importType(m.name, "./types.js");
    if (m.key_?.typeName) file.importType(m.key_.typeName, "./types.js");
    if (m.headers?.typeName) file.importType(m.headers.typeName, "./types.js");
    const n = m.versions.length;
    const older = n === 2 ? "version 1 is upcast on receipt" : `versions 1–${n - 1} are upcast on receipt`;
    file.doc(`The \`${m.name}\` message${n > 1 ? ` (version ${n}; ${older})` : ""}.`);
    file.block(`export const ${m.constName}: MessageDefinition<${m.name}, ${m.key_ ? sendKeyType(m) : "string | Uint8Array"}, ${headersType(m)}> = {`, () => {
      file.line(`name: ${JSON.stringify(m.name)},`);
      if (m.contentType !== undefined) file.line(`contentType: ${JSON.stringify(m.contentType)},`);
      file.line(`payload: ${file.import(names.payload(n), "./serdes.js")},`);
      file.line(`version: ${n},`);
      if (n === 1) file.line("history: [],");
      else {
        file.import("payloadVersion", "./runtime/serde.js");
        file.block("history: [", () => {
          for (const v of m.versions.slice(0, -1)) {
            const steps = [];
            for (let k = v.version; k < n; k++) steps.push(file.import(upcasterName(m.name, k), "./upcasters.js"));
            const toLatest = steps.length === 1 ? steps[0]! : `(value) => ${steps.reduce((chain, step) => `${step}(${chain})`, "value")}`;
            // Down from the latest, when every step on the way is mechanical.
            const downs: string[] = [];
            for (let k = n - 1; k >= v.version; k--) if (downcastable.has(`${m.name}:${k}`)) downs.push(downcasterName(m.name, k));
            const fromLatest =
              downs.length === n - v.version
                ? `, ${downs.length === 1 ? file.import(downs[0]!, "./upcasters.js") : `(value) => ${downs.map((d) => file.import(d, "./upcasters.js")).reduce((chain, step) => `${step}(${chain})`, "value")}`}`
                : "";
            file.line(`payloadVersion(${v.version}, ${file.import(names.payload(v.version), "./serdes.js")}, ${toLatest}${fromLatest}),`);
          }
        }, "],");
      }
      if (m.key_) file.line(`key: ${file.import(names.key, "./serdes.js")},`);
      if (m.headers) file.line(`headers: ${file.import(names.headers, "./serdes.js")},`);
      if (m.subjects) file.line(`subjects: ${printValue(m.subjects)},`);
      if (m.correlationId !== undefined) file.line(`correlationId: ${JSON.stringify(m.correlationId)},`);
    }, "};");
    file.line();
  }
  return file;
}

/** The exported constant name of an operation's definition. */
export function operationConst(op: OperationModel): string {
  return `${op.method}Operation`;
}

/** Emits `src/operations.ts`: channels and operations as runtime data. */
export function emitOperations(model: CodegenModel): GeneratedFile {
  const file = new GeneratedFile("src/operations.ts");
  file.importType("ChannelDefinition", "./runtime/client.js");
  file.importType("OperationDefinition", "./runtime/client.js");
  for (const c of model.channels) {
    file.doc(`Channel \`${c.id}\`: \`${c.address}\`.`);
    file.block(`export const ${c.constName}: ChannelDefinition = {`, () => {
      file.line(`id: ${JSON.stringify(c.id)},`);
      file.line(`address: ${JSON.stringify(c.address)},`);
      file.line(`bindings: ${printValue(c.bindings, "  ")},`);
    }, "};");
    file.line();
  }
  for (const op of model.operations) {
    const messages = op.messages.map((m) => file.import(m.constName, "./messages.js"));
    file.doc(`Operation \`${op.id}\` (${op.action}${op.reply ? ", with a reply" : ""}).`);
    file.block(`export const ${operationConst(op)}: OperationDefinition = {`, () => {
      file.line(`id: ${JSON.stringify(op.id)},`);
      file.line(`action: "${op.action}",`);
      file.line(`channel: ${op.channel.constName},`);
      file.line(`messages: [${messages.join(", ")}],`);
      file.line(`bindings: ${printValue(op.bindings, "  ")},`);
      file.line(`groupId: ${JSON.stringify(op.groupId)},`);
      if (op.reply) {
        const reply = op.reply;
        file.block("reply: {", () => {
          if (reply.channel) file.line(`channel: ${reply.channel.constName},`);
          if (reply.addressExpression !== undefined) file.line(`address: ${JSON.stringify(reply.addressExpression)},`);
          file.line(`messages: [${reply.messages.map((m) => file.import(m.constName, "./messages.js")).join(", ")}],`);
        }, "},");
      }
    }, "};");
    file.line();
  }
  return file;
}
