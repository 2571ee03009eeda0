import { pointer, type JsonValue } from "../json-text.js";
import type { AvroType } from "./model.js";

/** Why a default value does not match its type: a JSON Pointer into the default value and a cause. */
export interface DefaultMismatch {
  /** Pointer relative to the default value (`""` = the value itself, `/items/0`-style below it). */
  readonly path: string;
  readonly message: string;
}

const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;
const LONG_LIMIT = 2 ** 63;

/**
 * Checks a field (or nested) default value against its type, as the Avro spec 1.11 §Complex Types/Records
 * table prescribes and Java `Schema.isValidDefault` (which Confluent runs with `validateDefaults`) enforces:
 * null→null, boolean→boolean, int→integral in int32 range, long→integral, float/double→number,
 * bytes/string/fixed→string, enum→one of the symbols (the spec's rule; Java only asks for a string),
 * array→array of valid items, map→object of valid values, union→valid for the FIRST branch,
 * record→object whose every field is given validly or has a default of its own.
 * Returns `undefined` when valid, else the first mismatch. JSON numbers arrive as JS numbers, so `1.0` counts as
 * integral (Jackson would call it a double) and longs beyond 2^53 are checked only approximately.
 */
export function checkDefault(type: AvroType, value: JsonValue, at = ""): DefaultMismatch | undefined {
  const bad = (expected: string): DefaultMismatch => ({
    path: at,
    message: `default ${preview(value)} is not a valid ${expected}`,
  });
  switch (type.kind) {
    case "primitive":
      switch (type.type) {
        case "null":
          return value === null ? undefined : bad("null");
        case "boolean":
          return typeof value === "boolean" ? undefined : bad("boolean");
        case "int":
          return typeof value === "number" && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX ? undefined : bad("int");
        case "long":
          return typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= LONG_LIMIT ? undefined : bad("long");
        case "float":
        case "double":
          return typeof value === "number" ? undefined : bad(type.type);
        case "bytes":
        case "string":
          return typeof value === "string" ? undefined : bad(type.type);
      }
      return undefined;
    case "fixed":
      return typeof value === "string" ? undefined : bad(`fixed ${type.name} (a string)`);
    case "enum":
      if (typeof value !== "string") return bad(`enum ${type.name} (a symbol)`);
      return type.symbols.includes(value) ? undefined : { path: at, message: `default "${value}" is not a symbol of enum ${type.name}` };
    case "array": {
      if (!Array.isArray(value)) return bad("array");
      for (const [i, item] of value.entries()) {
        const m = checkDefault(type.items, item, pointer(at, i));
        if (m) return m;
      }
      return undefined;
    }
    case "map": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return bad("map (an object)");
      for (const [k, v] of Object.entries(value)) {
        const m = checkDefault(type.values, v, pointer(at, k));
        if (m) return m;
      }
      return undefined;
    }
    case "union": {
      const first = type.branches[0];
      if (!first) return { path: at, message: "an empty union has no valid default" };
      const m = checkDefault(first, value, at);
      return m ? { path: m.path, message: `${m.message} (a union default must match the union's first branch)` } : undefined;
    }
    case "record": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return bad(`record ${type.name} (an object)`);
      for (const field of type.fields) {
        if (Object.prototype.hasOwnProperty.call(value, field.name)) {
          const m = checkDefault(field.type, value[field.name] as JsonValue, pointer(at, field.name));
          if (m) return m;
        } else if (!field.default) {
          return { path: at, message: `default for record ${type.name} lacks field "${field.name}", which has no default` };
        }
      }
      return undefined;
    }
  }
}

function preview(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
