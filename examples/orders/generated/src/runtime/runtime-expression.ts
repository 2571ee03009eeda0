/**
 * AsyncAPI runtime expressions (`$message.header#/replyTo`, `$message.payload#/order/id`), used by
 * `correlationId.location` and `reply.address.location`: reading a value from a message and, for headers,
 * writing one.
 */

/** A parsed runtime expression: which part of the message, and the JSON Pointer tokens inside it. */
export interface RuntimeExpression {
  readonly source: "header" | "payload";
  readonly tokens: readonly string[];
}

/** Parses `$message.header#/a` / `$message.payload#/a/b`; `undefined` for anything else. */
export function parseRuntimeExpression(expression: string | undefined): RuntimeExpression | undefined {
  const m = expression === undefined ? null : /^\$message\.(header|payload)#(\/.*)?$/.exec(expression.trim());
  if (!m) return undefined;
  const tokens = (m[2] ?? "").split("/").slice(1).map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  return { source: m[1] as "header" | "payload", tokens };
}

/** The value at `expression` in a message (headers as received, payload decoded); `undefined` when absent. */
export function readExpression(expression: RuntimeExpression, message: { readonly headers: Readonly<Record<string, string>>; readonly payload: unknown }): unknown {
  let value: unknown = expression.source === "header" ? message.headers : message.payload;
  for (const token of expression.tokens) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[token];
  }
  return value;
}

/** The header name a header expression points at (its first token); `undefined` for payload expressions. */
export function headerName(expression: RuntimeExpression | undefined): string | undefined {
  return expression?.source === "header" ? expression.tokens[0] : undefined;
}
