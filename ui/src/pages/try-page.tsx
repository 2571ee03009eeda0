import type { EditorView } from "@codemirror/view";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, canWrite, schemaBody, type SchemaVersion } from "../api.js";
import { CodeEditor, revealLine } from "../editor.js";
import { useLoad, useTitle } from "../hooks.js";
import { useMe } from "../me.js";
import { href } from "../routes.js";
import { ViolationList } from "../violation-list.js";
import { levelInWords, parseMessages, pinViolations, type ParsedMessages } from "../violations.js";

type Verdict =
  | { readonly kind: "none" }
  | { readonly kind: "checking" }
  | { readonly kind: "checked"; readonly text: string; readonly compatible: boolean; readonly parsed: ParsedMessages }
  | { readonly kind: "error"; readonly message: string }
  | { readonly kind: "registered"; readonly id: number; readonly version: number };

/**
 * Try a change: edit (or upload) a new version, check it as registration would (`POST /compatibility/subjects/
 * {s}/versions?verbose=true`: the subject's level, transitive levels against every version), see the
 * violations on their lines, and register it with one click when the verdict allows and the user may write.
 */
export function TryPage({ subject }: { subject: string }) {
  useTitle(`Try a change · ${subject}`);
  const me = useMe();
  const [base] = useLoad(async () => {
    const [latest, config] = await Promise.all([api.version(subject, "latest"), api.config(subject)]);
    return { latest, level: config.compatibilityLevel ?? "BACKWARD" };
  }, [subject]);
  if (base.kind === "loading") return <p class="muted">Loading {subject}…</p>;
  if (base.kind === "error")
    return (
      <p role="alert" class="error">
        {base.error.message}
      </p>
    );
  return <TryForm subject={subject} latest={base.value.latest} level={base.value.level} writable={canWrite(me)} />;
}

function TryForm({ subject, latest, level, writable }: { subject: string; latest: SchemaVersion; level: string; writable: boolean }) {
  const [text, setText] = useState(latest.schema);
  const [verdict, setVerdict] = useState<Verdict>({ kind: "none" });
  const view = useRef<EditorView | null>(null);
  const type = latest.schemaType ?? "AVRO";
  useEffect(() => setVerdict((v) => (v.kind === "checked" && v.text !== text ? { kind: "none" } : v)), [text]);

  const check = async () => {
    setVerdict({ kind: "checking" });
    try {
      const answer = await api.check(subject, undefined, schemaBody(latest, text));
      setVerdict({ kind: "checked", text, compatible: answer.is_compatible, parsed: parseMessages(answer.messages) });
    } catch (e) {
      setVerdict({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
  const register = async () => {
    try {
      const r = await api.register(subject, schemaBody(latest, text));
      setVerdict({ kind: "registered", id: r.id, version: r.version });
    } catch (e) {
      if (e instanceof ApiError && e.code === 409) {
        // Someone registered meanwhile: the registry's own verdict, with its violations.
        const details = /details: \[(.*)\]$/s.exec(e.message)?.[1];
        const messages = details !== undefined ? (JSON.parse(`[${details}]`) as unknown[]).map((m) => JSON.stringify(m)) : [];
        setVerdict({ kind: "checked", text, compatible: false, parsed: parseMessages(messages) });
      } else setVerdict({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
  const pinned = useMemo(() => (verdict.kind === "checked" ? pinViolations(verdict.text, verdict.parsed.violations, "new") : []), [verdict]);
  const transitive = level.endsWith("_TRANSITIVE");

  return (
    <section aria-labelledby="try-title">
      <p class="crumbs">
        <a href={href({ kind: "subjects" })}>Subjects</a> / <a href={href({ kind: "subject", subject })}>{subject}</a> /
      </p>
      <h1 id="try-title">Try a change to {subject}</h1>
      <p>
        Edit the latest version (v{latest.version}, {type}) or load a file, then check it under <strong>{level}</strong>:{" "}
        {levelInWords(level)}
        {transitive ? " — every version is checked." : "."}
      </p>
      <div class="actions">
        <label class="button">
          Upload a file…
          <input
            class="visually-hidden"
            type="file"
            name="file"
            accept=".avsc,.json,.proto,.yaml,.yml,.txt"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file !== undefined) void file.text().then(setText);
            }}
          />
        </label>
        <button type="button" onClick={() => setText(latest.schema)}>
          Reset to v{latest.version}
        </button>
      </div>
      <CodeEditor
        value={text}
        onChange={setText}
        readOnly={false}
        schemaType={type}
        label={`Proposed new version of ${subject}`}
        pinned={pinned}
        viewRef={view}
        testId="proposed"
      />
      <div class="actions">
        <button type="button" class="primary" onClick={() => void check()} disabled={verdict.kind === "checking"}>
          Check compatibility
        </button>
        {writable && (
          <button
            type="button"
            data-testid="register"
            onClick={() => void register()}
            disabled={!(verdict.kind === "checked" && verdict.compatible && verdict.text === text)}
            title="Check the change first; only a compatible change can be registered"
          >
            Register as a new version
          </button>
        )}
      </div>
      <div aria-live="polite">
        {verdict.kind === "checking" && <p class="muted">Checking…</p>}
        {verdict.kind === "error" && (
          <p role="alert" class="error verdict" data-testid="verdict">
            {verdict.message}
          </p>
        )}
        {verdict.kind === "checked" && (
          <p class={verdict.compatible ? "verdict good" : "verdict bad"} data-testid="verdict">
            {verdict.compatible
              ? `✔ Compatible under ${verdict.parsed.level ?? level}: ${writable ? "this change can be registered." : "a user with the write role can register it."}`
              : `✘ Refused under ${verdict.parsed.level ?? level}: ${verdict.parsed.violations.length} violation${verdict.parsed.violations.length === 1 ? "" : "s"}.`}
          </p>
        )}
        {verdict.kind === "registered" && (
          <p class="verdict good" data-testid="verdict">
            ✔ Registered as <a href={href({ kind: "subject", subject, version: verdict.version })}>version {verdict.version}</a> (schema id {verdict.id}).
          </p>
        )}
      </div>
      {verdict.kind === "checked" && (
        <ViolationList
          violations={verdict.parsed.violations}
          other={verdict.parsed.other}
          lines={pinned.map((p) => p.line)}
          onReveal={(line) => view.current && revealLine(view.current, line)}
        />
      )}
    </section>
  );
}
