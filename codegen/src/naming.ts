/**
 * Every name the generator gives: TypeScript identifiers from contract names, property keys, file names, and the
 * one table that keeps a package's exported names unique. Collision rule (documented in docs/codegen.md): names
 * are claimed in document order; a later claimant whose identity differs gets the next free numeric suffix
 * (`OrderCreated`, `OrderCreated2`, …), and names the runtime or TypeScript already use are never handed out.
 */

/** Words that cannot name a type, value or property shorthand in TypeScript (ES2022 reserved + strict mode + TS). */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private " +
    "protected public static yield any boolean constructor declare get module require number set string symbol type from of await async " +
    "never unknown object bigint undefined keyof readonly infer is asserts satisfies accessor"
  ).split(" "),
);

/** Global types and values a generated file refers to; a contract name equal to one gets a suffix. */
export const GLOBAL_NAMES: readonly string[] = [
  "Array",
  "BigInt",
  "Boolean",
  "Buffer",
  "Date",
  "Error",
  "Function",
  "Map",
  "Math",
  "Number",
  "Object",
  "Partial",
  "Promise",
  "Readonly",
  "Record",
  "RegExp",
  "Set",
  "String",
  "Symbol",
  "Uint8Array",
  "JSON",
];

/** Splits a contract name into words: on non-alphanumerics, camelCase humps and letter/digit edges. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z\d]+/)
    .filter((w) => w !== "");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `order-created`, `order_created`, `orderCreated`, `order.created` → `OrderCreated`; a leading digit gets `_`. */
export function pascalCase(text: string): string {
  const out = words(text)
    .map((w) => (/^[A-Z\d]+$/.test(w) && w.length > 1 ? capitalize(w.toLowerCase()) : capitalize(w)))
    .join("");
  if (out === "") return "Anonymous";
  return /^\d/.test(out) ? `_${out}` : out;
}

/** `send-order`, `SendOrder`, `send_order` → `sendOrder`; reserved words get a `_` suffix. */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  const out = pascal.startsWith("_") ? pascal : pascal.charAt(0).toLowerCase() + pascal.slice(1);
  return RESERVED.has(out) ? `${out}_` : out;
}

/** `OrderCreated` → `order-created`: file names. */
export function kebabCase(text: string): string {
  return words(text)
    .map((w) => w.toLowerCase())
    .join("-");
}

/** True when `name` can be written bare as an identifier or property name. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name);
}

/** A property key as written in a type or object literal: bare when possible, else a JSON string. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/** `value.name` or `value["na-me"]`. */
export function propertyAccess(target: string, name: string): string {
  return isIdentifier(name) ? `${target}.${name}` : `${target}[${JSON.stringify(name)}]`;
}

/** A crude English singular for naming array item types: `items` → `item`, `addresses` → `address`. */
export function singular(word: string): string {
  if (/ies$/i.test(word) && word.length > 4) return word.slice(0, -3) + "y";
  if (/(ss|x|ch|sh)es$/i.test(word)) return word.slice(0, -2);
  if (/[^su]s$/i.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

/**
 * The exported names of one generated package. `claim(preferred, identity)` returns the name for `identity`:
 * the same name again for the same identity, else `preferred` when free, else `preferred` with the lowest free
 * suffix from 2. Reserved and global names are never free.
 */
export class NameTable {
  private readonly byName = new Map<string, string>();
  private readonly byIdentity = new Map<string, string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of [...reserved, ...GLOBAL_NAMES]) this.byName.set(name, "\u0000reserved");
  }

  /** Marks `name` as taken by nothing the generator emits (an imported runtime name). */
  reserve(name: string): void {
    if (!this.byName.has(name)) this.byName.set(name, "\u0000reserved");
  }

  /** The name already claimed for `identity`, if any. */
  nameOf(identity: string): string | undefined {
    return this.byIdentity.get(identity);
  }

  /** True when `name` is taken. */
  has(name: string): boolean {
    return this.byName.has(name) || RESERVED.has(name);
  }

  claim(preferred: string, identity: string): string {
    const known = this.byIdentity.get(identity);
    if (known !== undefined) return known;
    let name = preferred;
    for (let n = 2; this.has(name); n++) name = `${preferred}${n}`;
    this.byName.set(name, identity);
    this.byIdentity.set(identity, name);
    return name;
  }
}
