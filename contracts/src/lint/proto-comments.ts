/**
 * The comment documenting a `.proto` declaration that starts on 1-based line `line` of `lines`: the leading
 * comment (`//` lines or a `/* … *\/` block directly above it, no blank line between) or the trailing comment on
 * the same line — what protoc records as `leading_comments` / `trailing_comments` (descriptor.proto
 * `SourceCodeInfo.Location`) and what buf's COMMENT_* lint rules look for. Undefined when there is none.
 * The declaration line is scanned outside string literals only approximately (a `//` inside a string constant
 * on the same line counts as a comment), which is enough for documentation checks.
 */
export function protoComment(lines: readonly string[], line: number): string | undefined {
  const own = lines[line - 1] ?? "";
  const trailing = /\/\/(.*)$|\/\*(.*?)\*\//.exec(own.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""'));
  const leading: string[] = [];
  let i = line - 2;
  const above = (lines[i] ?? "").trim();
  if (above.endsWith("*/")) {
    for (; i >= 0; i--) {
      const l = (lines[i] ?? "").trim();
      leading.unshift(l);
      if (l.includes("/*")) break;
    }
  } else {
    for (; i >= 0 && (lines[i] ?? "").trim().startsWith("//"); i--) leading.unshift((lines[i] ?? "").trim());
  }
  const cleaned = leading
    .map((l) => l.replace(/^\/\*+|\*+\/$|^\/\/+|^\*/g, "").trim())
    .filter((l) => l !== "")
    .join(" ");
  if (cleaned !== "") return cleaned;
  const t = (trailing?.[1] ?? trailing?.[2] ?? "").trim();
  return t === "" ? undefined : t;
}
