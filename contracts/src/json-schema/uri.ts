/**
 * `ref` resolved against an absolute `base` URI (RFC 3986 §5, via WHATWG `URL`); `undefined` when `base` is
 * absent or not absolute (a relative `$id` such as `cdevents/_defs/approval` gives no base to resolve against).
 */
export function resolveUri(ref: string, base: string | undefined): string | undefined {
  if (base === undefined) return undefined;
  try {
    return new URL(ref, base).href;
  } catch {
    return undefined;
  }
}
