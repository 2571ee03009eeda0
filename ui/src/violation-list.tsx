import type { ReportedViolation } from "./violations.js";

/** Props of {@link ViolationList}. `lines[i]` is where violation i sits in the new text (`oldLines` in the old). */
export interface ViolationListProps {
  readonly violations: readonly ReportedViolation[];
  readonly other?: readonly string[];
  readonly lines: readonly number[];
  readonly oldLines?: readonly number[];
  readonly onReveal: (line: number, side: "old" | "new") => void;
  /** Rewords a violation (the AsyncAPI view explains it for people). */
  readonly explain?: (v: ReportedViolation) => string;
}

/** The violations as a list grouped by direction: rule, path, message, hint, and buttons to their lines. */
export function ViolationList(props: ViolationListProps) {
  if (props.violations.length === 0 && (props.other?.length ?? 0) === 0) return null;
  const groups: ["backward" | "forward" | "other", string][] = [
    ["backward", "Backward — the new version cannot read data written with the old one"],
    ["forward", "Forward — readers of the old version cannot read data written with the new one"],
    ["other", "Other"],
  ];
  return (
    <div class="violations" data-testid="violations">
      <h2>Violations ({props.violations.length})</h2>
      {groups.map(([dir, title]) => {
        const items = props.violations.map((v, i) => ({ v, i })).filter(({ v }) => (v.direction ?? "other") === dir);
        if (items.length === 0) return null;
        return (
          <div key={dir}>
            <h3>{title}</h3>
            <ul>
              {items.map(({ v, i }) => (
                <li key={i} class="violation" data-rule={v.errorType} data-line={props.lines[i]}>
                  <code class="rule">{v.errorType}</code>
                  {v.rule !== undefined && <code class="muted"> {v.rule}</code>} at <code>{v.path || "/"}</code>
                  {v.oldSchemaVersion !== undefined && <span class="muted"> (against v{v.oldSchemaVersion})</span>}
                  <div>{props.explain ? props.explain(v) : v.description}</div>
                  {v.hint !== undefined && <div class="hint">Fix: {v.hint}</div>}
                  <div class="line-links">
                    <button type="button" class="link" onClick={() => props.onReveal(props.lines[i] ?? 1, "new")}>
                      new text, line {props.lines[i]}
                    </button>
                    {props.oldLines !== undefined && (
                      <>
                        {" · "}
                        <button type="button" class="link" onClick={() => props.onReveal(props.oldLines![i] ?? 1, "old")}>
                          old text, line {props.oldLines[i]}
                        </button>
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {(props.other ?? []).map((m) => (
        <p class="violation">{m}</p>
      ))}
    </div>
  );
}
