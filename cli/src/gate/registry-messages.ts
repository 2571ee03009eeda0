import { isCompatibilityLevel, type CompatibilityLevel } from "@charter/contracts/core";
import type { ViolationCause } from "./result.js";

/** One violation read from a registry's verbose compatibility answer. */
export interface RegistryViolation {
  readonly rule: string;
  readonly confluent?: string;
  readonly message: string;
  /** JSON Pointer (`#/…` forms normalized to `/…`); `""` when the registry does not say. */
  readonly path: string;
  readonly line?: number;
  readonly direction?: "backward" | "forward";
  readonly version?: number;
  readonly causes?: readonly ViolationCause[];
}

/** What {@link parseCompatibilityMessages} read: the violations and the level the registry applied. */
export interface RegistryVerdict {
  readonly violations: readonly RegistryViolation[];
  readonly level?: CompatibilityLevel;
}

const pointer = (p: string): string => (p.startsWith("#") ? p.slice(1) : p);

/** Confluent describes places as `… at path '/fields/1' …` (Avro) or `… at path '#/properties/x' …` (JSON). */
function pathIn(description: string): string | undefined {
  const m = /\bat path '([^']*)'/.exec(description) ?? /\bpath '([^']*)'/.exec(description);
  return m ? pointer(m[1]!) : undefined;
}

function causesOf(value: unknown): ViolationCause[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.flatMap((c): ViolationCause[] => {
    if (c === null || typeof c !== "object") return [];
    const o = c as Record<string, unknown>;
    const rule = typeof o["rule"] === "string" ? o["rule"] : typeof o["errorType"] === "string" ? o["errorType"] : "INCOMPATIBLE";
    const message = typeof o["description"] === "string" ? o["description"] : typeof o["message"] === "string" ? o["message"] : "";
    const causes = causesOf(o["causes"]);
    return [{ rule, path: typeof o["path"] === "string" ? pointer(o["path"]) : "", message, ...(causes ? { causes } : {}) }];
  });
}

/** A Charter message: real JSON with `errorType`, `description`, `path`, `line`, `direction`, `oldSchemaVersion`, `rule`, `causes`. */
function fromJson(o: Record<string, unknown>): RegistryViolation {
  const errorType = String(o["errorType"]);
  const rule = typeof o["rule"] === "string" ? o["rule"] : errorType;
  const message = typeof o["description"] === "string" ? o["description"] : errorType;
  const path = typeof o["path"] === "string" ? pointer(o["path"]) : (pathIn(message) ?? "");
  const direction = o["direction"] === "backward" || o["direction"] === "forward" ? o["direction"] : undefined;
  const causes = causesOf(o["causes"]);
  return {
    rule,
    ...(rule !== errorType ? { confluent: errorType } : {}),
    message,
    path,
    ...(typeof o["line"] === "number" ? { line: o["line"] } : {}),
    ...(direction ? { direction } : {}),
    ...(typeof o["oldSchemaVersion"] === "number" ? { version: o["oldSchemaVersion"] } : {}),
    ...(causes ? { causes } : {}),
  };
}

/**
 * A Confluent message, which is not JSON: `{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/1/type')
 * …', additionalInfo:'…'}` (6.1+; JSON Schema's use double quotes), or the older `Incompatibility{type:TYPE_MISMATCH, location:/fields/1/type,
 * message:…, reader:…, writer:…}`. `undefined` when neither shape is there.
 */
function fromConfluentText(text: string): RegistryViolation | undefined {
  const errorType = /errorType:\s*['"]?([A-Z][A-Z0-9_]*)/.exec(text)?.[1];
  if (errorType !== undefined) {
    // Avro messages quote with ', JSON Schema ones with " (and descriptions hold the other kind).
    const description = /description:\s*(['"])([\s\S]*?)\1\s*(?:,\s*[a-zA-Z]+:|\}\s*$)/.exec(text)?.[2] ?? text;
    return { rule: errorType, message: description, path: pathIn(description) ?? "" };
  }
  const old = /Incompatibility\{type:([A-Z][A-Z0-9_]*),\s*location:([^,]*),\s*message:([\s\S]*?)(?:,\s*reader:|\}$)/.exec(text);
  if (old) return { rule: old[1]!, message: old[3]!.trim(), path: pointer(old[2]!.trim()) };
  return undefined;
}

/**
 * Reads the `messages` of a verbose compatibility answer from Charter (one JSON object per violation, then
 * `{"compatibility": LEVEL}`) or from Confluent and its clones (`{errorType:'…', description:'…'}` strings,
 * `{oldSchemaVersion: N}`, `{oldSchema: '…'}`, `{validateFields: 'false', compatibility: 'BACKWARD'}`).
 * A Confluent `oldSchemaVersion` applies to the violations listed before it. A message in no known shape
 * becomes an `INCOMPATIBLE` violation carrying the text, so nothing the registry said is lost.
 */
export function parseCompatibilityMessages(messages: readonly unknown[]): RegistryVerdict {
  const violations: RegistryViolation[] = [];
  let pendingFrom = 0;
  let level: CompatibilityLevel | undefined;
  for (const m of messages) {
    const text = typeof m === "string" ? m : JSON.stringify(m);
    let json: unknown;
    try {
      json = typeof m === "string" ? JSON.parse(m) : m;
    } catch {
      json = undefined;
    }
    const o = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
    if (o?.["errorType"] !== undefined) {
      violations.push(fromJson(o));
      continue;
    }
    const confluent = o ? undefined : fromConfluentText(text);
    if (confluent) {
      violations.push(confluent);
      continue;
    }
    const compat = o ? o["compatibility"] : /compatibility:\s*'?([A-Za-z_]+)/.exec(text)?.[1];
    if (typeof compat === "string" && isCompatibilityLevel(compat.toUpperCase())) {
      level = compat.toUpperCase() as CompatibilityLevel;
      continue;
    }
    const version = o ? o["oldSchemaVersion"] : Number(/oldSchemaVersion:\s*(\d+)/.exec(text)?.[1] ?? NaN);
    if (typeof version === "number" && !Number.isNaN(version)) {
      // Confluent: the version the preceding violations were found against.
      for (let i = pendingFrom; i < violations.length; i++) violations[i] = { ...violations[i]!, version };
      pendingFrom = violations.length;
      continue;
    }
    if (o?.["oldSchema"] !== undefined || /^\{?\s*oldSchema:/.test(text)) continue;
    violations.push({ rule: "INCOMPATIBLE", message: text, path: "" });
  }
  return { violations, ...(level ? { level } : {}) };
}
