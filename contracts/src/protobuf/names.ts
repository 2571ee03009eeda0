import { findOption, type ProtoField } from "./ast.js";

/** protoc's default `json_name`: underscores dropped, the letter after each upper-cased (`ToJsonName`). */
export function defaultJsonName(name: string): string {
  let out = "";
  let upper = false;
  for (const ch of name) {
    if (ch === "_") upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

/** JSON name of a field: its `json_name` option, else {@link defaultJsonName}. */
export function jsonName(f: ProtoField): string {
  const opt = findOption(f.options, "json_name");
  return opt?.kind === "string" ? opt.value : defaultJsonName(f.name);
}

/** protoc's name of the entry message of map field `name`: `string_map` → `StringMapEntry` (`MapEntryName`). */
export function mapEntryName(name: string): string {
  let out = "";
  let upper = true;
  for (const ch of name) {
    if (ch === "_") upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out + "Entry";
}
