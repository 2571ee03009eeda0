/**
 * `src/client.ts` (`createClient`: one method per operation, named by its operationId) and `src/mirror.ts`
 * (`createMirrorClient`: the same operations the other way round — what the service sends, the mirror receives —
 * for component tests). A `send` operation is `method(payload, options)`; a `receive` operation is
 * `method(handler, options)` returning an unsubscribe function; with an AsyncAPI 3 `reply`, a send resolves with
 * the typed reply and a receive's handler returns it.
 */
import type { CodegenModel, MessageModel, OperationModel } from "../model/codegen-model.js";
import { pascalCase } from "../naming.js";
import { GeneratedFile } from "../printer.js";
import { headersType, operationConst, receivedKeyType, sendKeyType } from "./messages.js";

type Role = "send" | "receive" | "request" | "respond";

function roleOf(op: OperationModel, mirrored: boolean): Role {
  const send = (op.action === "send") !== mirrored;
  if (op.reply) return send ? "request" : "respond";
  return send ? "send" : "receive";
}

function unionOf(types: readonly string[]): string {
  const distinct = [...new Set(types)];
  return distinct.length === 0 ? "never" : distinct.join(" | ");
}

function importMessageTypes(file: GeneratedFile, messages: readonly MessageModel[]): void {
  for (const m of messages) {
    file.importType(m.name, "./types.js");
    if (m.key_?.typeName) file.importType(m.key_.typeName, "./types.js");
    if (m.headers?.typeName) file.importType(m.headers.typeName, "./types.js");
  }
}

/** True when a message's headers schema requires some header. */
function requiresHeaders(m: MessageModel): boolean {
  const s = m.headers?.json?.schema;
  return s !== null && typeof s === "object" && !Array.isArray(s) && Array.isArray(s["required"]) && s["required"].length > 0;
}

interface Signature {
  readonly doc: string;
  readonly text: string;
  readonly call: string;
}

/**
 * The older versions a send can write through the downcasters (single-message operations): those every step down
 * to which was derived. `downcastable` holds `<message>:<from>` per derived downcaster.
 */
function olderVersions(op: OperationModel, downcastable: ReadonlySet<string>): number[] {
  const m = op.messages.length === 1 ? op.messages[0]! : undefined;
  if (!m) return [];
  const out: number[] = [];
  for (let v = m.versions.length - 1; v >= 1 && downcastable.has(`${m.name}:${v}`); v--) out.push(v);
  return out;
}

function signature(file: GeneratedFile, op: OperationModel, role: Role, mirrored: boolean, downcastable: ReadonlySet<string>): Signature {
  importMessageTypes(file, op.messages);
  if (op.reply) importMessageTypes(file, op.reply.messages);
  const payload = unionOf(op.messages.map((m) => m.name));
  const params = op.channel.parametersType;
  if (params) file.importType(params, "./types.js");
  const paramsType = params ?? "Record<string, never>";
  const address = `\`${op.channel.address}\``;
  const reply = op.reply ? unionOf(op.reply.messages.map((m) => m.name)) : "never";
  const names = op.messages.map((m) => `\`${m.name}\``).join(" or ");
  const target = operationConst(op);
  const mirrorNote = mirrored ? ` (mirror of the service's \`${op.method}\`)` : "";

  if (role === "send" || role === "request") {
    const required = params !== undefined || (op.messages.length === 1 && requiresHeaders(op.messages[0]!));
    const fields = [
      `key?: ${unionOf(op.messages.map(sendKeyType))}`,
      `headers${op.messages.length === 1 && requiresHeaders(op.messages[0]!) ? "" : "?"}: ${unionOf(op.messages.map(headersType))}`,
      ...(params ? [`parameters: ${params}`] : []),
      ...(olderVersions(op, downcastable).length > 0 ? [`version?: ${olderVersions(op, downcastable).join(" | ")}`] : []),
      ...(role === "request" ? ["timeoutMs?: number"] : []),
    ];
    const options = `options${required ? "" : "?"}: { ${fields.join("; ")} }`;
    if (role === "send") {
      return {
        doc: `Sends ${names} on ${address}${mirrorNote}. Validates first: an invalid payload throws \`PayloadValidationError\` and nothing is sent.`,
        text: `${op.method}(payload: ${payload}, ${options}): Promise<void>;`,
        call: `${op.method}: (payload, options) => client.send(${target}, payload, options)`,
      };
    }
    return {
      doc: `Sends ${names} on ${address} and resolves with the reply${mirrorNote}. Rejects with \`MessagingError\` \`REPLY_TIMEOUT\` when none comes.`,
      text: `${op.method}(payload: ${payload}, ${options}): Promise<${reply}>;`,
      call: `${op.method}: (payload, options) => client.request(${target}, payload, options) as Promise<${reply}>`,
    };
  }
  const key = unionOf(op.messages.map(receivedKeyType));
  const headers = unionOf(op.messages.map(headersType));
  file.importType("ReceiveOptions", "./runtime/client.js");
  file.importType("Unsubscribe", "./runtime/transport.js");
  if (role === "receive") {
    file.importType("MessageHandler", "./runtime/client.js");
    return {
      doc: `Receives ${names} from ${address}${mirrorNote}: the handler gets each payload decoded, validated and upcast to the latest version; invalid messages never reach it (they are dead-lettered with the reason). Resolves with a function that stops receiving.`,
      text: `${op.method}(handler: MessageHandler<${payload}, ${key}, ${headers}, ${paramsType}>, options?: ReceiveOptions<${paramsType}>): Promise<Unsubscribe>;`,
      call: `${op.method}: (handler, options) => client.receive(${target}, handler, ${mirrored ? `{ groupId: ${JSON.stringify(`${op.groupId}.mirror`)}, ...options }` : "options"})`,
    };
  }
  file.importType("ReplyHandler", "./runtime/client.js");
  return {
    doc: `Answers each ${names} request from ${address} with the handler's ${reply}${mirrorNote}. Resolves with a function that stops answering.`,
    text: `${op.method}(handler: ReplyHandler<${payload}, ${reply}, ${key}, ${headers}, ${paramsType}>, options?: ReceiveOptions<${paramsType}>): Promise<Unsubscribe>;`,
    call: `${op.method}: (handler, options) => client.respond(${target}, handler, ${mirrored ? `{ groupId: ${JSON.stringify(`${op.groupId}.mirror`)}, ...options }` : "options"})`,
  };
}

/** The exported names of the client and mirror interfaces for a contract title. */
export function clientNames(model: CodegenModel): { client: string; mirror: string } {
  const base = pascalCase(model.title);
  return { client: model.names.claim(`${base}Client`, "client|interface"), mirror: model.names.claim(`${base}Mirror`, "mirror|interface") };
}

function emitClientFile(model: CodegenModel, path: string, interfaceName: string, factory: string, mirrored: boolean, downcastable: ReadonlySet<string>): GeneratedFile {
  const file = new GeneratedFile(path);
  file.import("MessagingClient", "./runtime/client.js");
  file.importType("ClientOptions", "./runtime/client.js");
  const sigs = model.operations.map((op) => ({ op, sig: signature(file, op, roleOf(op, mirrored), mirrored, downcastable) }));
  for (const op of model.operations) file.import(operationConst(op), "./operations.js");
  file.doc(
    mirrored
      ? `The reverse of \`${model.title}\`: every operation the other way round, for component tests of the service (what it sends, the mirror receives).`
      : `The \`${model.title}\` contract${model.contractVersion ? ` (version ${model.contractVersion})` : ""}: one method per operation.${model.description ? `\n\n${model.description.trim()}` : ""}`,
  );
  file.block(`export interface ${interfaceName} {`, () => {
    for (const { sig } of sigs) {
      file.doc(sig.doc);
      file.line(sig.text);
    }
    file.doc("Stops every subscription this client opened and closes the transport's own resources.");
    file.line("close(): Promise<void>;");
  });
  file.line();
  file.doc(
    mirrored
      ? `A mirror client over \`options.transport\`. Its consumer groups end in \`.mirror\`, so it never competes with the service's own.`
      : "A client over `options.transport` (`kafkaTransport(kafka)`, `natsTransport(connection)`, `amqpTransport(connection)`), with the Confluent wire format when `options.registry` is set.",
  );
  file.block(`export function ${factory}(options: ClientOptions): ${interfaceName} {`, () => {
    file.line("const client = new MessagingClient(options);");
    file.block("return {", () => {
      for (const { sig } of sigs) file.line(`${sig.call},`);
      file.line("close: () => client.close(),");
    }, "};");
  });
  return file;
}

/** Emits `src/client.ts` and `src/mirror.ts` (`downcastable`: see {@link olderVersions}). */
export function emitClients(model: CodegenModel, names: { client: string; mirror: string }, downcastable: ReadonlySet<string>): GeneratedFile[] {
  return [
    emitClientFile(model, "src/client.ts", names.client, "createClient", false, downcastable),
    emitClientFile(model, "src/mirror.ts", names.mirror, "createMirrorClient", true, downcastable),
  ];
}
