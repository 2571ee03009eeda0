import type { CompatibilityLevel } from "../compatibility-level.js";
import type { CompatibilityOptions, ParsedSchema, Violation } from "../format.js";
import { pointer, sortedJson } from "../json-text.js";
import {
  asAsyncApiModel,
  type AsyncApiMessage,
  type AsyncApiModel,
  type AsyncApiOperation,
  type AsyncApiSchema,
  type OperationAction,
} from "./model.js";
import { loadedEngines, type EngineLookup } from "./engines.js";
import { changeAsWritten } from "./change-wording.js";
import { ASYNCAPI_HINTS, severityOf, type AsyncApiRule } from "./rules.js";
import { SourceMap } from "./source-map.js";

/** Options for {@link replaceCheck}, {@link checkAsyncApi} and the engine's `compatibility`. */
export interface AsyncApiCheckOptions extends CompatibilityOptions {
  /** Payload engines; default: the build's (`getFormat`). Must be the ones the documents were parsed with. */
  readonly engines?: EngineLookup;
}

/**
 * One finding. `path` is a JSON Pointer as written in a document's text (local `$ref`s followed, see
 * `SourceMap`); `line` its 1-based line there. Which document: `in` — `reader` is the document taking over
 * (the NEW one for a BACKWARD check), `writer` the one it replaces (used for removals, which only it has).
 */
export interface AsyncApiChange extends Violation {
  readonly rule: AsyncApiRule;
  readonly severity: "breaking" | "non-breaking";
  readonly in: "reader" | "writer";
}

/** A document and the lazily built line map of its text. */
class Side {
  private map: SourceMap | undefined;
  constructor(
    readonly model: AsyncApiModel,
    private readonly text: string,
  ) {}
  /** Path as written and line of a logical pointer. */
  locate(path: string): { path: string; line?: number } {
    this.map ??= new SourceMap(this.text);
    const at = this.map.locate(path);
    return at ? { path: at.path, line: at.line } : { path };
  }
}

/** Roles of each message key across both documents: what the application does with it. */
function messageRoles(...models: AsyncApiModel[]): Map<string, Set<OperationAction>> {
  const roles = new Map<string, Set<OperationAction>>();
  const add = (key: string, role: OperationAction) => {
    const set = roles.get(key) ?? new Set<OperationAction>();
    set.add(role);
    roles.set(key, set);
  };
  for (const model of models) {
    for (const op of model.operations) {
      for (const key of op.messageKeys) add(key, op.action);
      // A reply flows the other way: the sender of a request receives its reply.
      for (const key of op.reply?.messageKeys ?? []) add(key, op.action === "send" ? "receive" : "send");
    }
  }
  return roles;
}

const normalizeContentType = (ct: string | undefined) => ct?.toLowerCase().replace(/\s+/g, "");

/** The engine of a parsed schema, and a reason when there is none. */
function engineFor(s: AsyncApiSchema, engines: EngineLookup | undefined) {
  if (!s.parsed) return { reason: s.error ? `its ${s.format} schema was refused: ${s.error.message}` : `no engine checks ${s.format} schemas (${s.schemaFormat})` };
  const engine = engines?.(s.parsed.type);
  return engine ? { engine, parsed: s.parsed } : { reason: `no ${s.parsed.type} engine in this build` };
}

/**
 * The document-level check "can `reader` replace `writer`?" — what `Format.compatibility(reader, writer)`
 * answers (Confluent BACKWARD = `replaceCheck(new, old)`, FORWARD = `replaceCheck(old, new)`). Returns every
 * change, breaking or not, per the rules and default severities of `rules.ts` as adjusted by
 * `options.policy`.
 *
 * Structure: a channel, operation or message of `writer` missing from `reader` is removed (path into
 * `writer`); one only `reader` has is added. A channel's effective address (Kafka `bindings.kafka.topic`,
 * else `address`; the key in 2.x) and its parameters, an operation's action, channel and reply, a message's
 * content type (else `defaultContentType`) and correlation id location must stay the same.
 *
 * Schemas (payload, headers, Kafka key) are checked by their format's engine in the direction the
 * message's role needs: a message the application RECEIVES must be readable by `reader` when `writer`'s
 * peers wrote it (engine `compatibility(reader schema, writer schema)`); one it SENDS must stay readable by
 * consumers built on `writer` (`compatibility(writer schema, reader schema)`); a message no operation uses
 * is checked both ways. Causes carry the engine's violations with paths prefixed by the schema's place in
 * the document whose schema was the reader there.
 */
export function replaceCheck(reader: ParsedSchema, writer: ParsedSchema, options: AsyncApiCheckOptions = {}): AsyncApiChange[] {
  const rm = asAsyncApiModel(reader.model);
  const wm = asAsyncApiModel(writer.model);
  if (!rm || !wm) {
    return [{ rule: "PAYLOAD_FORMAT_CHANGED", severity: "breaking", in: "reader", path: "", message: `cannot compare a ${reader.type} schema with a ${writer.type} schema as AsyncAPI documents` }];
  }
  const r = new Side(rm, reader.text);
  const w = new Side(wm, writer.text);
  const engines = options.engines ?? loadedEngines();
  const out: AsyncApiChange[] = [];
  // Messages say what the user did, from the old document to the new one, whichever of them reads here: under
  // FORWARD (reader = old) what only the writer has was added by the new document, not removed.
  const wording = new Wording(options.readerIs ?? "new");
  const emit = (rule: AsyncApiRule, side: "reader" | "writer", logical: string, message: string, causes?: readonly Violation[], lineFrom?: number) => {
    const severity = severityOf(rule, options.policy);
    if (severity === "ignore") return;
    const at = (side === "reader" ? r : w).locate(logical);
    const line = lineFrom ?? at.line;
    // Under FORWARD a "removal" is something the new document added: the removal's advice would be wrong.
    const hint = !wording.newIsReader && side === "writer" && REMOVALS.has(rule) ? ADDED_UNDER_FORWARD : ASYNCAPI_HINTS[rule];
    out.push({ rule, severity, in: side, path: at.path, message, ...(line !== undefined ? { line } : {}), ...(causes && causes.length > 0 ? { causes } : {}), hint });
  };

  // Channels.
  const rChannels = new Map(rm.channels.map((c) => [c.id, c]));
  const wChannels = new Map(wm.channels.map((c) => [c.id, c]));
  // A 2.x operation is identified by its channel and verb (its `operationId` only names it: a changed one is a
  // rename); 3.x ones by their key in `operations`.
  const v2 = rm.major === 2 && wm.major === 2;
  const opKey = (o: AsyncApiOperation) => (v2 ? `${o.channelId}#${o.action}` : o.id);
  const rOps = new Map(rm.operations.map((o) => [opKey(o), o]));
  const wOps = new Map(wm.operations.map((o) => [opKey(o), o]));
  for (const wc of wm.channels) {
    const rc = rChannels.get(wc.id);
    if (!rc) {
      // The operations on the channel go with it: reported inside the channel's finding, as its causes.
      const ops = wm.operations.filter((o) => o.channelId === wc.id && !rOps.has(opKey(o)));
      const causes: Violation[] = ops.map((o) => {
        const at = w.locate(o.path);
        return { rule: "OPERATION_REMOVED", path: at.path, ...(at.line !== undefined ? { line: at.line } : {}), message: `operation ${o.id} (${o.action} on ${wc.id}) was ${wording.newIsReader ? "removed" : "added"} with its channel`, hint: ASYNCAPI_HINTS.OPERATION_REMOVED };
      });
      const withOps = ops.length > 0 ? `, with its operation${ops.length > 1 ? "s" : ""} ${ops.map((o) => `${o.id} (${o.action})`).join(", ")}` : "";
      emit("CHANNEL_REMOVED", "writer", wc.path, `channel ${wc.id}${wc.address !== null && wc.address !== wc.id ? ` (${wc.address})` : ""} ${wording.onlyWriter}${withOps}`, causes);
      continue;
    }
    const wAddress = wc.kafkaTopic ?? wc.address;
    const rAddress = rc.kafkaTopic ?? rc.address;
    if (wAddress !== rAddress) {
      const where = rc.kafkaTopic !== undefined || wc.kafkaTopic !== undefined ? pointer(rc.path, "bindings", "kafka", "topic") : pointer(rc.path, "address");
      emit("CHANNEL_ADDRESS_CHANGED", "reader", where, `channel ${rc.id}: address changed ${wording.fromTo(wAddress, rAddress)}`);
    }
    const rParams = new Map(rc.parameters.map((p) => [p.name, p]));
    for (const wp of wc.parameters) {
      const rp = rParams.get(wp.name);
      if (!rp) emit("CHANNEL_PARAMETER_CHANGED", "writer", wp.path, `channel ${rc.id}: parameter ${wp.name} ${wording.onlyWriter}`);
      else if (sortedJson(rp.definition) !== sortedJson(wp.definition)) emit("CHANNEL_PARAMETER_CHANGED", "reader", rp.path, `channel ${rc.id}: parameter ${wp.name} changed`);
    }
    for (const rp of rc.parameters) {
      if (!wc.parameters.some((p) => p.name === rp.name)) emit("CHANNEL_PARAMETER_CHANGED", "reader", rp.path, `channel ${rc.id}: parameter ${rp.name} ${wording.onlyReader}`);
    }
  }
  for (const rc of rm.channels) if (!wChannels.has(rc.id)) emit("CHANNEL_ADDED", "reader", rc.path, `channel ${rc.id} ${wording.onlyReader}`);

  // Operations. A 2.x changed action shows as one missing and one new operation on the same channel: pair
  // those as an action change.
  const unmatchedReader = rm.operations.filter((o) => !wOps.has(opKey(o)));
  const paired = new Set<string>();
  const samePairs: Array<[AsyncApiOperation, AsyncApiOperation]> = [];
  for (const wo of wm.operations) {
    const ro = rOps.get(opKey(wo));
    if (!ro) {
      if (!rChannels.has(wo.channelId) && wChannels.has(wo.channelId)) continue; // a cause of its channel's finding
      const flip = unmatchedReader.find((o) => o.channelId === wo.channelId && o.action !== wo.action && !paired.has(opKey(o)));
      if (flip) {
        paired.add(opKey(flip));
        emit("OPERATION_ACTION_CHANGED", "reader", flip.path, `operation on channel ${wo.channelId}: action changed ${wording.fromTo(wo.action, flip.action)}`);
      } else {
        emit("OPERATION_REMOVED", "writer", wo.path, `operation ${wo.id} (${wo.action} on ${wo.channelId}) ${wording.onlyWriter}`);
      }
      continue;
    }
    samePairs.push([ro, wo]);
    if (v2 && ro.operationId !== wo.operationId) {
      emit(
        "OPERATION_RENAMED",
        "reader",
        ro.operationId !== undefined ? pointer(ro.path, "operationId") : ro.path,
        `operation (${ro.action} on ${ro.channelId}): operationId changed ${wording.fromTo(wo.operationId, ro.operationId)}`,
      );
    }
    if (ro.action !== wo.action) emit("OPERATION_ACTION_CHANGED", "reader", pointer(ro.path, rm.major === 3 ? "action" : ""), `operation ${ro.id}: action changed ${wording.fromTo(wo.action, ro.action)}`);
    if (ro.channelId !== wo.channelId) emit("OPERATION_CHANNEL_CHANGED", "reader", pointer(ro.path, "channel"), `operation ${ro.id}: channel changed ${wording.fromTo(wo.channelId, ro.channelId)}`);
    if (rm.major === 3) {
      // 3.x: the operation's message list is a subset of its channel's; dropping one from it is a removal.
      for (const [i, key] of wo.messageKeys.entries()) {
        if (!ro.messageKeys.includes(key) && rm.messages.some((m) => m.key === key)) {
          const verb = ro.action === "send" ? "sends" : "receives";
          emit("MESSAGE_REMOVED", "writer", pointer(wo.path, "messages", i), `operation ${ro.id} ${wording.newIsReader ? `no longer ${verb}` : `now also ${verb}`} message ${key.split("::")[1] ?? key}`);
        }
      }
      for (const key of ro.messageKeys) {
        if (!wo.messageKeys.includes(key) && wm.messages.some((m) => m.key === key)) emit("MESSAGE_ADDED", "reader", pointer(ro.path, "messages"), `operation ${ro.id} ${wording.newIsReader ? "now also handles" : "no longer handles"} message ${key}`);
      }
    }
    if (wo.reply && !ro.reply) emit("OPERATION_REPLY_CHANGED", "writer", wo.reply.path, `operation ${ro.id}: its reply ${wording.onlyWriter}`);
    else if (wo.reply && ro.reply && (wo.reply.address !== ro.reply.address || wo.reply.channelId !== ro.reply.channelId)) {
      emit("OPERATION_REPLY_CHANGED", "reader", ro.reply.path, `operation ${ro.id}: reply address changed ${wording.fromTo(wo.reply.address ?? wo.reply.channelId, ro.reply.address ?? ro.reply.channelId)}`);
    }
  }
  for (const ro of rm.operations) {
    if (!wOps.has(opKey(ro)) && !paired.has(opKey(ro))) emit("OPERATION_ADDED", "reader", ro.path, `operation ${ro.id} (${ro.action} on ${ro.channelId}) ${wording.onlyReader}`);
  }

  // Messages.
  if (v2) {
    // 2.x: an operation owns its messages; they are compared while the operation stays (same channel and verb).
    for (const [ro, wo] of samePairs) {
      const { pairs, removed, added } = pairV2Messages(messagesOf(rm, ro), messagesOf(wm, wo));
      const role = new Set<OperationAction>([ro.action]);
      for (const [rmsg, wmsg] of pairs) {
        if (rmsg.identity !== wmsg.identity) {
          emit("MESSAGE_RENAMED", "reader", rmsg.path, `message on channel ${rmsg.channelId} (${ro.action}): name changed ${wording.fromTo(wmsg.identity, rmsg.identity)}`);
        }
        compareMessage(rmsg, wmsg, role, r, w, engines, options, emit, wording);
      }
      for (const wmsg of removed) emit("MESSAGE_REMOVED", "writer", wmsg.path, `message ${wmsg.id} on channel ${wmsg.channelId} ${wording.onlyWriter}`);
      for (const rmsg of added) emit("MESSAGE_ADDED", "reader", rmsg.path, `message ${rmsg.id} on channel ${rmsg.channelId} ${wording.onlyReader}`);
    }
  } else {
    const roles = messageRoles(rm, wm);
    const rMessages = new Map(rm.messages.map((m) => [m.key, m]));
    const wMessages = new Map(wm.messages.map((m) => [m.key, m]));
    // A message belongs to a channel (3.x) or an operation (2.x); it is reported only while that owner stays.
    const ownerStays = (m: AsyncApiMessage) => (wm.major === 3 ? rChannels.has(m.channelId) : rOps.has(m.key.split("::")[0]!));
    for (const wmsg of wm.messages) {
      const rmsg = rMessages.get(wmsg.key);
      if (!rmsg) {
        if (ownerStays(wmsg)) emit("MESSAGE_REMOVED", "writer", wmsg.path, `message ${wmsg.id} on channel ${wmsg.channelId} ${wording.onlyWriter}`);
        continue;
      }
      compareMessage(rmsg, wmsg, roles.get(wmsg.key), r, w, engines, options, emit, wording);
    }
    const ownerExisted = (m: AsyncApiMessage) => (rm.major === 3 ? wChannels.has(m.channelId) : wOps.has(m.key.split("::")[0]!));
    for (const rmsg of rm.messages) {
      if (!wMessages.has(rmsg.key) && ownerExisted(rmsg)) emit("MESSAGE_ADDED", "reader", rmsg.path, `message ${rmsg.id} on channel ${rmsg.channelId} ${wording.onlyReader}`);
    }
  }

  if (sortedJson(rm.servers) !== sortedJson(wm.servers)) emit("SERVERS_CHANGED", "reader", "/servers", "servers changed");
  if (sortedJson(rm.info) !== sortedJson(wm.info)) emit("INFO_CHANGED", "reader", "/info", "info changed");
  return out;
}

/** A 2.x operation's messages, in document order (they sit under its path). */
function messagesOf(model: AsyncApiModel, op: AsyncApiOperation): AsyncApiMessage[] {
  const prefix = `${op.path}/`;
  return model.messages.filter((m) => m.path.startsWith(prefix));
}

/** What a message carries, without the names that only document it. */
function shapeOf(m: AsyncApiMessage): string {
  const schema = (s: AsyncApiSchema | undefined) => (s ? [s.schemaFormat, s.text] : null);
  return sortedJson({
    contentType: normalizeContentType(m.contentType) ?? null,
    correlationId: m.correlationId ?? null,
    payload: schema(m.payload),
    headers: schema(m.headers),
    kafkaKey: schema(m.kafkaKey),
    bindings: m.bindings,
  });
}

/**
 * Pairs the messages of one 2.x operation in two documents. A single message (no `oneOf`) on both sides is
 * the same message whatever it is called. `oneOf` entries pair by name (`messageId`, `name`, components
 * name) when both sides have the same one, then by equal content, then in order among the rest — except two
 * entries with different names, which are different messages.
 */
function pairV2Messages(
  reader: readonly AsyncApiMessage[],
  writer: readonly AsyncApiMessage[],
): { pairs: Array<[AsyncApiMessage, AsyncApiMessage]>; removed: AsyncApiMessage[]; added: AsyncApiMessage[] } {
  const single = (list: readonly AsyncApiMessage[]) => list.length === 1 && list[0]!.oneOfIndex === undefined;
  if (single(reader) && single(writer)) return { pairs: [[reader[0]!, writer[0]!]], removed: [], added: [] };
  const pairs: Array<[AsyncApiMessage, AsyncApiMessage]> = [];
  const freeReaders = [...reader];
  const freeWriters: AsyncApiMessage[] = [];
  const take = (wmsg: AsyncApiMessage, match: (r: AsyncApiMessage) => boolean): boolean => {
    const i = freeReaders.findIndex(match);
    if (i < 0) return false;
    pairs.push([freeReaders.splice(i, 1)[0]!, wmsg]);
    return true;
  };
  for (const wmsg of writer) {
    if (wmsg.identity === undefined || !take(wmsg, (r) => r.identity === wmsg.identity)) freeWriters.push(wmsg);
  }
  const byShape = freeWriters.filter((wmsg) => !take(wmsg, (r) => shapeOf(r) === shapeOf(wmsg)));
  const removed = byShape.filter((wmsg) => !take(wmsg, (r) => r.identity === undefined || wmsg.identity === undefined || r.identity === wmsg.identity));
  return { pairs, removed, added: freeReaders };
}

type Emit = (rule: AsyncApiRule, side: "reader" | "writer", logical: string, message: string, causes?: readonly Violation[], line?: number) => void;

function compareMessage(
  rmsg: AsyncApiMessage,
  wmsg: AsyncApiMessage,
  role: ReadonlySet<OperationAction> | undefined,
  r: Side,
  w: Side,
  engines: EngineLookup | undefined,
  options: AsyncApiCheckOptions,
  emit: Emit,
  wording: Wording,
): void {
  const name = `message ${rmsg.id} on channel ${rmsg.channelId}`;
  if (normalizeContentType(rmsg.contentType) !== normalizeContentType(wmsg.contentType)) {
    emit("MESSAGE_CONTENT_TYPE_CHANGED", "reader", pointer(rmsg.path, "contentType"), `${name}: content type changed ${wording.fromTo(wmsg.contentType, rmsg.contentType)}`);
  }
  if (wmsg.correlationId !== undefined && wmsg.correlationId !== rmsg.correlationId) {
    emit("MESSAGE_CORRELATION_ID_CHANGED", "reader", pointer(rmsg.path, "correlationId"), `${name}: correlation id location changed ${wording.fromTo(wmsg.correlationId, rmsg.correlationId)}`);
  }
  // Directions: received → the reader document reads what the writer's peers wrote; sent → the writer's
  // consumers read what the reader document now sends; unused → both.
  const receives = !role || role.has("receive");
  const sends = !role || role.has("send");
  const parts = [
    ["payload", rmsg.payload, wmsg.payload, "PAYLOAD_INCOMPATIBLE"],
    ["headers", rmsg.headers, wmsg.headers, "MESSAGE_HEADERS_INCOMPATIBLE"],
    ["Kafka key", rmsg.kafkaKey, wmsg.kafkaKey, "MESSAGE_KEY_INCOMPATIBLE"],
  ] as const;
  for (const [what, rs, ws, rule] of parts) {
    const at = rs?.path ?? pointer(rmsg.path, what === "Kafka key" ? "bindings" : what);
    if (rs && ws && rs.format !== ws.format) {
      emit(what === "payload" ? "PAYLOAD_FORMAT_CHANGED" : rule, "reader", at, `${name}: ${what} format changed ${wording.fromTo(ws.format, rs.format)}`);
      continue;
    }
    if (receives) checkSchema(rule, what, name, "received", rs, ws, { reader: r, writer: w }, engines, options, emit, wording);
    if (sends) checkSchema(rule, what, name, "sent", ws, rs, { reader: r, writer: w }, engines, options, emit, wording);
  }
}

/**
 * One direction of a schema check: `readerSchema` must read data written with `writerSchema`; `sides` are
 * replaceCheck's documents (reader = the one taking over), for locating findings. An absent schema means "anything": an absent reader reads all, an absent writer may write
 * anything a present reader could refuse.
 */
function checkSchema(
  rule: AsyncApiRule,
  what: string,
  name: string,
  role: "received" | "sent",
  readerSchema: AsyncApiSchema | undefined,
  writerSchema: AsyncApiSchema | undefined,
  sides: { readonly reader: Side; readonly writer: Side },
  engines: EngineLookup | undefined,
  options: AsyncApiCheckOptions,
  emit: Emit,
  wording: Wording,
): void {
  // Which document's schema reads here, in the user's terms: a received payload is read by replaceCheck's
  // reader document, a sent one by the other document's consumers.
  const readerDoc = role === "received" ? wording.readerDoc : wording.writerDoc;
  const writerDoc = readerDoc === "new" ? "old" : "new";
  // The finding is placed in the document taking over (replaceCheck's reader) whenever it has the schema.
  if (!readerSchema) return;
  const target = role === "received" ? readerSchema : (writerSchema ?? readerSchema);
  const targetSide: "reader" | "writer" = role === "received" ? "reader" : writerSchema ? "reader" : "writer";
  if (!writerSchema) {
    emit(rule, targetSide, target.path, `${name} (${role}): the ${writerDoc} document has no ${what} schema, so it may carry anything; the ${readerDoc} document's schema may refuse it`);
    return;
  }
  const found = engineFor(readerSchema, engines);
  const other = engineFor(writerSchema, engines);
  if ("reason" in found || "reason" in other) {
    if (readerSchema.text === writerSchema.text) return;
    const reason = "reason" in found ? found.reason : "reason" in other ? other.reason : "";
    emit("PAYLOAD_UNCHECKED", targetSide, target.path, `${name} (${role}): ${what} changed and cannot be checked: ${reason}`);
    return;
  }
  const violations = found.engine.compatibility(found.parsed, other.parsed, { ...payloadOptions(options), readerIs: readerDoc });
  if (violations.length === 0) return;
  // JSON Schema findings restated as written, old → new (`minimum 0 removed`, not the engine's reader-side
  // `minimum 0 added` when the old schema reads; `type: [number, string]`, not the `anyOf` it compiles to).
  const [oldSchema, newSchema] = readerDoc === "new" ? [writerSchema, readerSchema] : [readerSchema, writerSchema];
  const consequence = readerDoc === "new" ? "the new schema refuses data the old one allowed" : "readers of the old schema refuse data the new one allows";
  const restated = violations.map((v) => {
    const change = readerSchema.format === "json" ? changeAsWritten(v.path, oldSchema.schema, newSchema.schema) : undefined;
    return change !== undefined ? { ...v, message: `${change}: ${consequence}` } : v;
  });
  // Cause paths: the engine's pointer into the reader schema, placed under the schema's place in the document
  // taking over (where the fix goes), or the replaced one when only it has the schema.
  const causes = restated.map((v) => prefixed(v, target.path, targetSide === "reader" ? sides.reader : sides.writer));
  const line = causes[0]?.line;
  emit(
    rule,
    targetSide,
    target.path,
    `${name} (${role}): the ${readerDoc} schema cannot read ${what} written with the ${writerDoc} one: ${restated.map((v) => v.message).join("; ")}`,
    causes,
    line,
  );
}

/** Rules that report what only the writer document has (removals, when the new document reads). */
const REMOVALS: ReadonlySet<AsyncApiRule> = new Set(["CHANNEL_REMOVED", "OPERATION_REMOVED", "MESSAGE_REMOVED", "CHANNEL_PARAMETER_CHANGED", "OPERATION_REPLY_CHANGED"]);
/** The advice for an addition that breaks FORWARD (the old document taking over again). */
const ADDED_UNDER_FORWARD =
  "An addition breaks only FORWARD (the old document cannot take over again): check at BACKWARD if rollbacks need not serve it, or accept it for this change (gate: ignore list).";

/**
 * The options payload engines get: the document's, with `compatibilityPolicy` defaulting to `LENIENT` — adding
 * an optional field to a message is the change AsyncAPI users expect to be non-breaking, which Confluent's
 * STRICT JSON Schema policy refuses for open content models (PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL). A
 * subject's own `compatibilityPolicy` (or `charter check --policy`) overrides it.
 */
export function payloadOptions(options: CompatibilityOptions): CompatibilityOptions {
  const policy = options.policy ?? {};
  if (typeof policy["compatibilityPolicy"] === "string" && policy["compatibilityPolicy"] !== "") return options;
  return { ...options, policy: { ...policy, compatibilityPolicy: "LENIENT" } };
}

function prefixed(v: Violation, base: string, side: Side): Violation {
  const at = side.locate(base + v.path);
  return {
    rule: v.rule,
    path: at.path,
    message: v.message,
    ...(at.line !== undefined ? { line: at.line } : {}),
    ...(v.causes && v.causes.length > 0 ? { causes: v.causes.map((c) => prefixed(c, base, side)) } : {}),
    ...(v.hint !== undefined ? { hint: v.hint } : {}),
  };
}

/**
 * Words for a change seen from replaceCheck's reader and writer, said from the old document to the new one.
 * `readerIs` (CompatibilityOptions): which of the two is the new document.
 */
class Wording {
  readonly newIsReader: boolean;
  /** What only the writer has: removed by the new document (reader = new), or added by it (reader = old). */
  readonly onlyWriter: string;
  /** What only the reader has: added by the new document, or removed by it. */
  readonly onlyReader: string;
  constructor(readerIs: "new" | "old") {
    this.newIsReader = readerIs === "new";
    this.onlyWriter = this.newIsReader ? "was removed" : "was added (the old document lacks it, so it cannot take over again)";
    this.onlyReader = this.newIsReader ? "was added" : "was removed";
  }
  get readerDoc(): "new" | "old" {
    return this.newIsReader ? "new" : "old";
  }
  get writerDoc(): "new" | "old" {
    return this.newIsReader ? "old" : "new";
  }
  /** `from <old> to <new>`, given the writer's and the reader's value. */
  fromTo(writerValue: unknown, readerValue: unknown): string {
    const [before, after] = this.newIsReader ? [writerValue, readerValue] : [readerValue, writerValue];
    return `from ${String(before)} to ${String(after)}`;
  }
}

/** A violation found by {@link checkAsyncApi}. */
export interface AsyncApiViolation extends AsyncApiChange {
  /** `backward`: the new document replacing the old one; `forward`: the old one replacing the new (rollback). */
  readonly direction: "backward" | "forward";
  /** The document `path`/`line` point into. */
  readonly document: "old" | "new";
  /** Index in the `previous` list of the version this was found against. */
  readonly against: number;
}

/** The verdict of {@link checkAsyncApi}: compatible when `violations` (the breaking changes) is empty. */
export interface AsyncApiVerdict {
  readonly compatible: boolean;
  readonly violations: readonly AsyncApiViolation[];
  /** Every change found, breaking or not (for reports and PR comments). */
  readonly changes: readonly AsyncApiViolation[];
}

/** Options for {@link checkAsyncApi}. */
export interface CheckAsyncApiOptions extends AsyncApiCheckOptions {
  /** Default `BACKWARD` (Confluent's server default). */
  readonly level?: CompatibilityLevel;
}

/**
 * Document-to-document check of an AsyncAPI contract change at a Confluent level. `previous` is one earlier
 * version or several (oldest → latest); non-transitive levels compare with the latest only, transitive ones
 * with each, newest first, stopping at the first version that fails (Confluent `validateAll`).
 * - BACKWARD: {@link replaceCheck}(new, old): removals break; received payloads must stay readable by the
 *   new document (BACKWARD on the payload), sent ones by the old consumers (FORWARD on the payload).
 * - FORWARD: replaceCheck(old, new), Confluent's mirror (FORWARD(a, b) = BACKWARD(b, a)): the old document
 *   must be able to take over again, so what the new one added counts as removed.
 * - FULL: both. NONE: nothing.
 * Paths point into the new document, or the old one for what only it has (`document` says which).
 */
export function checkAsyncApi(previous: ParsedSchema | readonly ParsedSchema[], next: ParsedSchema, options: CheckAsyncApiOptions = {}): AsyncApiVerdict {
  const level = options.level ?? "BACKWARD";
  const history = Array.isArray(previous) ? (previous as readonly ParsedSchema[]) : [previous as ParsedSchema];
  if (level === "NONE" || history.length === 0) return { compatible: true, violations: [], changes: [] };
  const transitive = level.endsWith("_TRANSITIVE");
  const backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
  const forward = level.startsWith("FORWARD") || level.startsWith("FULL");
  const indexes = transitive ? history.map((_, i) => i).reverse() : [history.length - 1];
  const changes: AsyncApiViolation[] = [];
  for (const i of indexes) {
    const old = history[i]!;
    const found: AsyncApiViolation[] = [];
    if (backward) {
      for (const c of replaceCheck(next, old, { ...options, readerIs: "new" })) found.push({ ...c, direction: "backward", document: c.in === "reader" ? "new" : "old", against: i });
    }
    if (forward) {
      for (const c of replaceCheck(old, next, { ...options, readerIs: "old" })) found.push({ ...c, direction: "forward", document: c.in === "reader" ? "old" : "new", against: i });
    }
    changes.push(...found);
    if (found.some((c) => c.severity === "breaking")) break;
  }
  const violations = changes.filter((c) => c.severity === "breaking");
  return { compatible: violations.length === 0, violations, changes };
}

/**
 * `Format.compatibility` of the ASYNCAPI engine: the breaking changes of {@link replaceCheck}(reader, writer)
 * (empty = compatible), so the registry's BACKWARD (`compatibility(new, old)`), FORWARD
 * (`compatibility(old, new)`) and FULL (both) mean what {@link checkAsyncApi} means at those levels.
 */
export function asyncApiCompatibility(reader: ParsedSchema, writer: ParsedSchema, options?: AsyncApiCheckOptions): readonly Violation[] {
  return replaceCheck(reader, writer, options).filter((c) => c.severity === "breaking");
}
