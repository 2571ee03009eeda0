import type { EditorView } from "@codemirror/view";
import { useMemo, useRef } from "preact/hooks";
import { api, schemaBody } from "../api.js";
import { DiffEditor, revealLine } from "../editor.js";
import { useLoad, useTitle } from "../hooks.js";
import { navigate } from "../nav.js";
import { href } from "../routes.js";
import { ViolationList } from "../violation-list.js";
import { levelInWords, parseMessages, pinViolations } from "../violations.js";

/**
 * Two versions side by side (`against` on the left as the old one, `version` on the right as the new one), and
 * the violations of `version` checked against `against` under the subject's level (`POST /compatibility/subjects/
 * {s}/versions/{against}?verbose=true`), pinned to their lines on both sides.
 */
export function DiffPage({ subject, version, against }: { subject: string; version: number; against: number }) {
  useTitle(`${subject} v${against} → v${version}`);
  const [data] = useLoad(async () => {
    const [newer, older, all, config] = await Promise.all([
      api.version(subject, version),
      api.version(subject, against),
      api.versions(subject, true),
      api.config(subject),
    ]);
    const answer = await api.check(subject, against, schemaBody(newer));
    return { newer, older, all, level: config.compatibilityLevel ?? "BACKWARD", answer };
  }, [subject, version, against]);
  const views = useRef<{ a: EditorView; b: EditorView } | null>(null);
  const parsed = useMemo(() => (data.kind === "ok" ? parseMessages(data.value.answer.messages) : undefined), [data]);
  const pinned = useMemo(() => {
    if (data.kind !== "ok" || parsed === undefined) return { old: [], new: [] };
    return { old: pinViolations(data.value.older.schema, parsed.violations, "old"), new: pinViolations(data.value.newer.schema, parsed.violations, "new") };
  }, [data, parsed]);

  if (data.kind === "loading") return <p class="muted">Comparing…</p>;
  if (data.kind === "error")
    return (
      <section>
        <h1>{subject}</h1>
        <p role="alert" class="error">
          {data.error.message}
        </p>
      </section>
    );
  const { newer, older, all, level, answer } = data.value;
  const pick = (which: "old" | "new", v: number) =>
    navigate(href({ kind: "diff", subject, version: which === "new" ? v : version, against: which === "old" ? v : against }));
  return (
    <section aria-labelledby="diff-title">
      <p class="crumbs">
        <a href={href({ kind: "subjects" })}>Subjects</a> / <a href={href({ kind: "subject", subject })}>{subject}</a> /
      </p>
      <h1 id="diff-title">
        Diff v{against} → v{version}
      </h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Old version
          <select name="old" value={String(against)} onChange={(e) => pick("old", Number(e.currentTarget.value))}>
            {all.map((v) => (
              <option value={String(v)}>v{v}</option>
            ))}
          </select>
        </label>
        <label>
          New version
          <select name="new" value={String(version)} onChange={(e) => pick("new", Number(e.currentTarget.value))}>
            {all.map((v) => (
              <option value={String(v)}>v{v}</option>
            ))}
          </select>
        </label>
      </form>
      <p class={answer.is_compatible ? "verdict good" : "verdict bad"} data-testid="verdict" role="status">
        {answer.is_compatible ? "✔ Compatible" : "✘ Incompatible"} under <strong>{parsed?.level ?? level}</strong>: v{version} checked against v{against}{" "}
        <span class="muted">({levelInWords(parsed?.level ?? level)})</span>
      </p>
      <div class="diff-heads" aria-hidden="true">
        <span>
          v{against} <span class="muted">id {older.id}</span>
        </span>
        <span>
          v{version} <span class="muted">id {newer.id}</span>
        </span>
      </div>
      <DiffEditor
        oldText={older.schema}
        newText={newer.schema}
        schemaType={newer.schemaType}
        oldLabel={`${subject} version ${against} (old)`}
        newLabel={`${subject} version ${version} (new)`}
        oldPinned={pinned.old}
        newPinned={pinned.new}
        views={views}
      />
      {parsed !== undefined && (
        <ViolationList
          violations={parsed.violations}
          other={parsed.other}
          lines={pinned.new.map((p) => p.line)}
          oldLines={pinned.old.map((p) => p.line)}
          onReveal={(line, side) => views.current && revealLine(side === "old" ? views.current.a : views.current.b, line)}
        />
      )}
    </section>
  );
}
