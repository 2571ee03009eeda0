import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { json } from "@codemirror/lang-json";
import { yaml } from "@codemirror/lang-yaml";
import { bracketMatching, foldGutter, HighlightStyle, matchBrackets, StreamLanguage, syntaxHighlighting, type LanguageSupport } from "@codemirror/language";
import { protobuf } from "@codemirror/legacy-modes/mode/protobuf";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { MergeView } from "@codemirror/merge";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";
import { useEffect, useRef } from "preact/hooks";
import type { PinnedViolation } from "./violations.js";

/** Syntax highlighting per format: Avro and JSON Schema as JSON, Protobuf, AsyncAPI as YAML (or JSON). */
export function languageFor(schemaType: string | undefined, text: string): LanguageSupport | Extension {
  switch (schemaType ?? "AVRO") {
    case "PROTOBUF":
      return StreamLanguage.define(protobuf);
    case "ASYNCAPI":
      return /^\s*[{[]/.test(text) ? json() : yaml();
    default:
      return json();
  }
}

// Colours come from CSS variables (styles.css), so the light and dark themes share one highlight style.
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.operatorKeyword], color: "var(--tok-keyword)" },
  { tag: [t.string, t.special(t.string)], color: "var(--tok-string)" },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: "var(--tok-property)" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "var(--tok-number)" },
  { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--tok-comment)", fontStyle: "italic" },
  { tag: [t.typeName, t.className, t.definition(t.variableName)], color: "var(--tok-type)" },
  { tag: [t.meta, t.punctuation, t.bracket], color: "var(--tok-punct)" },
]);

const theme = EditorView.theme({
  "&": { backgroundColor: "var(--code-bg)", color: "var(--fg)", fontSize: "13px", border: "1px solid var(--border)", borderRadius: "6px" },
  ".cm-content": { fontFamily: "var(--mono)", caretColor: "var(--fg)" },
  ".cm-gutters": { backgroundColor: "var(--code-gutter)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  "&.cm-focused": { outline: "2px solid var(--focus)" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--bad)", textUnderlineOffset: "3px" },
  ".cm-tooltip": { backgroundColor: "var(--bg)", color: "var(--fg)", border: "1px solid var(--border)" },
});

function base(label: string, readOnly: boolean, schemaType: string | undefined, text: string): Extension[] {
  return [
    lineNumbers(),
    foldGutter(),
    lintGutter(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(highlight),
    languageFor(schemaType, text),
    theme,
    EditorView.lineWrapping,
    EditorView.contentAttributes.of({ "aria-label": label }),
    EditorState.readOnly.of(readOnly),
    ...(readOnly ? [] : [history(), keymap.of([...defaultKeymap, ...historyKeymap])]),
  ];
}

/** Diagnostics (error marks on their lines, with the message on hover and in the gutter) for pinned violations. */
export function diagnostics(state: EditorState, pinned: readonly PinnedViolation[]): Diagnostic[] {
  return pinned.map(({ line, violation: v }) => {
    const l = state.doc.line(Math.min(Math.max(1, line), state.doc.lines));
    const text = l.text;
    const from = l.from + (text.length - text.trimStart().length);
    // A violation on an object or array (an Avro field, a JSON Schema property) marks all of it, not its `{`.
    const opening = state.sliceDoc(from, from + 1);
    const end = opening === "{" || opening === "[" ? matchBrackets(state, from, 1)?.end?.to : undefined;
    return {
      from,
      to: Math.max(from, end ?? l.to),
      severity: "error",
      source: v.errorType,
      message: `${v.errorType}${v.direction ? ` (${v.direction})` : ""} at ${v.path || "/"}: ${v.description}`,
    };
  });
}

/** Scrolls `view` to a 1-based line and puts the cursor there. */
export function revealLine(view: EditorView, line: number): void {
  const l = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
  view.dispatch({ selection: { anchor: l.from }, effects: EditorView.scrollIntoView(l.from, { y: "center" }) });
  view.focus();
}

/** Props of {@link CodeEditor}. */
export interface CodeEditorProps {
  readonly value: string;
  readonly schemaType: string | undefined;
  /** The editor's accessible name. */
  readonly label: string;
  readonly readOnly?: boolean;
  readonly pinned?: readonly PinnedViolation[];
  readonly onChange?: (text: string) => void;
  /** Receives the view once created (to reveal lines from outside). */
  readonly viewRef?: { current: EditorView | null };
  readonly testId?: string;
}

/** A CodeMirror 6 editor (read-only viewer by default) with per-format highlighting and violation marks. */
export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  // Texts the editor itself reported through onChange and the parent has not caught up with yet. A render
  // with one of them as `value` is stale (typing outran the parent's state), not an edit from outside:
  // pushing it back into the editor would undo the typing and ping-pong between the two texts forever.
  const emitted = useRef(new Set<string>());
  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          base(props.label, props.readOnly !== false, props.schemaType, props.value),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || onChange.current === undefined) return;
            const text = u.state.doc.toString();
            emitted.current.add(text);
            onChange.current(text);
          }),
        ],
      }),
    });
    view.current = v;
    if (props.viewRef) props.viewRef.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The editor is created once per format; text and marks are updated below.
  }, [props.schemaType, props.readOnly]);
  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    const doc = v.state.doc.toString();
    if (doc === props.value) {
      emitted.current.clear();
      return;
    }
    if (emitted.current.has(props.value)) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: props.value } });
  }, [props.value]);
  useEffect(() => {
    const v = view.current;
    if (v === null) return;
    v.dispatch(setDiagnostics(v.state, diagnostics(v.state, props.pinned ?? [])));
  }, [props.pinned, props.value]);
  return <div class="editor" ref={host} data-testid={props.testId} />;
}

/** Props of {@link DiffEditor}. */
export interface DiffEditorProps {
  readonly oldText: string;
  readonly newText: string;
  readonly schemaType: string | undefined;
  readonly oldLabel: string;
  readonly newLabel: string;
  readonly oldPinned: readonly PinnedViolation[];
  readonly newPinned: readonly PinnedViolation[];
  readonly views?: { current: { a: EditorView; b: EditorView } | null };
}

/** Two texts side by side (`@codemirror/merge`), changed lines highlighted, violations marked on both sides. */
export function DiffEditor(props: DiffEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const merge = useRef<MergeView | null>(null);
  useEffect(() => {
    const m = new MergeView({
      parent: host.current!,
      a: { doc: props.oldText, extensions: base(props.oldLabel, true, props.schemaType, props.oldText) },
      b: { doc: props.newText, extensions: base(props.newLabel, true, props.schemaType, props.newText) },
      gutter: true,
      highlightChanges: true,
    });
    merge.current = m;
    if (props.views) props.views.current = { a: m.a, b: m.b };
    return () => {
      m.destroy();
      merge.current = null;
    };
  }, [props.oldText, props.newText, props.schemaType]);
  useEffect(() => {
    const m = merge.current;
    if (m === null) return;
    m.a.dispatch(setDiagnostics(m.a.state, diagnostics(m.a.state, props.oldPinned)));
    m.b.dispatch(setDiagnostics(m.b.state, diagnostics(m.b.state, props.newPinned)));
  }, [props.oldPinned, props.newPinned, props.oldText, props.newText]);
  return <div class="diff" ref={host} data-testid="diff" />;
}
