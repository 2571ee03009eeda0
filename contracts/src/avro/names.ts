/**
 * Avro name rules (Avro spec 1.11 §Names): a name is `[A-Za-z_][A-Za-z0-9_]*`; a namespace is a dot-separated
 * sequence of names (or empty = the null namespace); a full name is `namespace.name`.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is a valid simple Avro name (also used for enum symbols and field names). */
export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** True when `namespace` is empty or dot-separated valid names. */
export function isValidNamespace(namespace: string): boolean {
  return namespace === "" || namespace.split(".").every(isValidName);
}

/** A full name split into its parts. */
export interface FullName {
  readonly full: string;
  readonly namespace: string;
  readonly simple: string;
}

/**
 * Resolves a name as written in a definition or alias: a dotted `name` carries its own namespace (any
 * `namespace` attribute is ignored); otherwise it takes `namespace` (explicit or inherited). Does not validate.
 */
export function fullName(name: string, namespace: string): FullName {
  const dot = name.lastIndexOf(".");
  if (dot >= 0) {
    // ".Foo" names the null namespace explicitly (Java: an empty namespace is the null namespace).
    const ns = name.slice(0, dot);
    const simple = name.slice(dot + 1);
    return { full: ns === "" ? simple : name, namespace: ns, simple };
  }
  return { full: namespace === "" ? name : `${namespace}.${name}`, namespace, simple: name };
}

/**
 * The candidates a type reference resolves to, in order: a dotted name as is; an unqualified one first in the
 * enclosing namespace, then in the null namespace (Java `Schema.Names.get` falls back the same way).
 */
export function referenceCandidates(name: string, namespace: string): string[] {
  if (name.startsWith(".")) return [name.slice(1)];
  if (name.includes(".") || namespace === "") return [name];
  return [`${namespace}.${name}`, name];
}
