/**
 * JavaScript values printed as TypeScript source, the way a person would write them: object keys bare when they
 * are identifiers, two-space indentation, short arrays and objects on one line; bigints as `1n`, Buffers as
 * `Buffer.from("…", "base64")`, Dates as `new Date("…")`.
 */
import { propertyKey } from "../naming.js";

const MAX_INLINE = 100;

function inline(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${JSON.stringify(value.toISOString())})`;
  if (Buffer.isBuffer(value)) return `Buffer.from(${JSON.stringify(value.toString("base64"))}, "base64")`;
  if (value instanceof Uint8Array) return `Uint8Array.from([${[...value].join(", ")}])`;
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${inline(v)}`).join(", ")} }`;
}

/** `value` as source text; objects and arrays longer than a line are broken over lines at `indent`. */
export function printValue(value: unknown, indent = ""): string {
  const flat = inline(value);
  if (flat.length + indent.length <= MAX_INLINE || value === null || typeof value !== "object" || value instanceof Date || value instanceof Uint8Array) return flat;
  const inner = indent + "  ";
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${printValue(v, inner)},`).join("\n")}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${propertyKey(k)}: ${printValue(v, inner)},`).join("\n")}\n${indent}}`;
}
