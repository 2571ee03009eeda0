/**
 * The generated package's own tests: `src/serdes.test.ts` (each message's example validates and round-trips; a
 * wrong value is refused) and `src/client.test.ts` (every operation's message travels from client to mirror, or
 * mirror to client, over the in-memory transport, decoded and validated on arrival).
 */
import type { JsonValue } from "@charter/contracts";
import type { CodegenModel, MessageModel, OperationModel } from "../model/codegen-model.js";
import { resolveRef } from "../model/type-ir.js";
import { GeneratedFile } from "../printer.js";
import { checker, exampleFor, jsonExample } from "./examples.js";
import { printValue } from "./literal.js";
import { serdeNames } from "./serdes.js";
import type { ValidatorModules } from "./validators.js";

function payloadExample(model: CodegenModel, validators: ValidatorModules, m: MessageModel): unknown {
  if (m.payload.format === "none") return undefined;
  return exampleFor(model.types, m.payload, m.examples, checker(m.payload, validators, model.options));
}

const WRONG_VALUES: readonly unknown[] = [{}, null, 42, "not this", [], true];

function wrongValue(model: CodegenModel, validators: ValidatorModules, m: MessageModel): unknown {
  const valid = checker(m.payload, validators, model.options);
  return WRONG_VALUES.find((v) => !valid(v));
}

/** Emits `src/serdes.test.ts`. */
export function emitSerdeTests(model: CodegenModel, validators: ValidatorModules): GeneratedFile | undefined {
  const file = new GeneratedFile("src/serdes.test.ts");
  file.importAll(["describe", "expect", "it"], "vitest");
  let count = 0;
  for (const m of model.messages) {
    const example = payloadExample(model, validators, m);
    if (example === undefined) continue;
    const serde = file.import(serdeNames(m).payload(m.versions.length), "./serdes.js");
    file.importType(m.name, "./types.js");
    const wrong = wrongValue(model, validators, m);
    file.block(`describe(${JSON.stringify(`${m.name} serde`)}, () => {`, () => {
      file.line(`const example: ${m.name} = ${printValue(example, "  ")};`);
      file.line();
      file.block(`it("accepts the contract's example and round-trips it", () => {`, () => {
        file.line(`expect(${serde}.validate(example)).toEqual([]);`);
        file.line(`expect(${serde}.decode(${serde}.encode(example))).toEqual(example);`);
      }, "});");
      if (wrong !== undefined) {
        file.block(`it("refuses a value of the wrong shape, naming where", () => {`, () => {
          file.line(`const issues = ${serde}.validate(${printValue(wrong)});`);
          file.line("expect(issues.length).toBeGreaterThan(0);");
          file.line('expect(typeof issues[0]?.path).toBe("string");');
        }, "});");
      }
    }, "});");
    file.line();
    count++;
  }
  return count > 0 ? file : undefined;
}

/** A value for each channel parameter: its first enum value, else `"example"`. */
function parameterValues(model: CodegenModel, op: OperationModel): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const p of op.channel.parameters) {
    const t = resolveRef(model.types, p.type);
    const first = t.kind === "union" ? t.members.find((m) => m.kind === "literal") : t.kind === "literal" ? t : undefined;
    out[p.name] = first?.kind === "literal" ? first.value : t.kind === "primitive" && t.name === "number" ? 1 : "example";
  }
  return out;
}

function headersExample(m: MessageModel): JsonValue | undefined {
  const schema = m.headers?.json?.schema;
  if (schema === undefined) return undefined;
  const v = jsonExample(schema, schema);
  return v === undefined ? undefined : (v as JsonValue);
}

/** Emits `src/client.test.ts`: each one-way operation's first message, client ⇄ mirror over `memoryTransport()`. */
export function emitClientTests(model: CodegenModel, validators: ValidatorModules): GeneratedFile | undefined {
  const file = new GeneratedFile("src/client.test.ts");
  const cases: Array<() => void> = [];
  for (const op of model.operations) {
    if (op.reply) continue;
    const m = op.messages[0];
    if (!m || op.messages.length !== 1) continue;
    const example = payloadExample(model, validators, m);
    if (example === undefined) continue;
    const headers = m.headers ? headersExample(m) : undefined;
    if (m.headers && headers === undefined) continue;
    const params = parameterValues(model, op);
    const sender = op.action === "send" ? "client" : "mirror";
    const receiver = op.action === "send" ? "mirror" : "client";
    cases.push(() => {
      file.importType(m.name, "./types.js");
      file.block(`it(${JSON.stringify(`${op.method}: ${m.name} goes from ${sender} to ${receiver}`)}, async () => {`, () => {
        const options = [
          ...(op.channel.parameters.length > 0 ? [`parameters: ${printValue(params)}`] : []),
          ...(headers !== undefined ? [`headers: ${printValue(headers)}`] : []),
        ];
        file.line("const received: unknown[] = [];");
        file.line(`await ${receiver}.${op.method}(async (payload) => {`);
        file.line("  received.push(payload);");
        file.line(`}${options.some((o) => o.startsWith("parameters")) ? `, { parameters: ${printValue(params)} }` : ""});`);
        file.line(`const payload: ${m.name} = ${printValue(example, "  ")};`);
        file.line(`await ${sender}.${op.method}(payload${options.length > 0 ? `, { ${options.join(", ")} }` : ""});`);
        file.line("await transport.idle();");
        file.line("expect(transport.rejected).toEqual([]);");
        file.line("expect(received).toEqual([payload]);");
      }, "});");
    });
  }
  if (cases.length === 0) return undefined;
  file.importAll(["afterEach", "beforeEach", "describe", "expect", "it"], "vitest");
  file.import("createClient", "./client.js");
  file.import("createMirrorClient", "./mirror.js");
  file.import("memoryTransport", "./runtime/transports/memory.js");
  file.importType("MemoryTransport", "./runtime/transports/memory.js");
  file.block(`describe(${JSON.stringify(`${model.title} client and mirror`)}, () => {`, () => {
    file.line("let transport: MemoryTransport;");
    file.line("let client: ReturnType<typeof createClient>;");
    file.line("let mirror: ReturnType<typeof createMirrorClient>;");
    file.block("beforeEach(() => {", () => {
      file.line("transport = memoryTransport();");
      file.line("client = createClient({ transport });");
      file.line("mirror = createMirrorClient({ transport });");
    }, "});");
    file.line("afterEach(async () => {");
    file.line("  await Promise.all([client.close(), mirror.close()]);");
    file.line("});");
    file.line();
    cases.forEach((c, i) => {
      if (i > 0) file.line();
      c();
    });
  }, "});");
  return file;
}
