import { useEffect, useState } from "preact/hooks";
import { api, ApiError, call, canAdmin, canWrite, type SchemaVersion, type SubjectConfig } from "../api.js";
import { CodeEditor } from "../editor.js";
import { useLoad, useTitle } from "../hooks.js";
import { useMe } from "../me.js";
import { href } from "../routes.js";
import { LEVELS } from "../subject-filter.js";
import { levelInWords } from "../violations.js";

interface SubjectData {
  readonly versions: SchemaVersion[];
  readonly live: Set<number>;
}

async function loadSubject(subject: string): Promise<SubjectData> {
  const [all, live] = await Promise.all([api.versions(subject, true), api.versions(subject, false).catch(() => [] as number[])]);
  const versions = await Promise.all(all.map((v) => api.version(subject, v)));
  return { versions, live: new Set(live) };
}

interface Config {
  readonly inForce: SubjectConfig;
  /** The subject's own config, null when it has none (everything comes from the global config). */
  readonly own: SubjectConfig | null;
}

async function loadConfig(subject: string): Promise<Config> {
  const [inForce, own] = await Promise.all([
    api.config(subject),
    call<SubjectConfig>("GET", `/config/${encodeURIComponent(subject)}`).catch((e: unknown) => {
      if (e instanceof ApiError && e.code === 40408) return null;
      throw e;
    }),
  ]);
  return { inForce, own };
}

/** A subject: its versions timeline, the selected version's schema, references both ways, and its config. */
export function SubjectPage({ subject, version }: { subject: string; version?: number }) {
  useTitle(subject);
  const me = useMe();
  const [data] = useLoad(() => loadSubject(subject), [subject]);
  const [config, reloadConfig] = useLoad(() => loadConfig(subject), [subject]);
  if (data.kind === "loading") return <p class="muted">Loading {subject}…</p>;
  if (data.kind === "error")
    return (
      <section>
        <h1>{subject}</h1>
        <p role="alert" class="error">
          {data.error.message}
        </p>
      </section>
    );
  const { versions, live } = data.value;
  const latestLive = [...versions].reverse().find((v) => live.has(v.version)) ?? versions[versions.length - 1];
  const selected = versions.find((v) => v.version === version) ?? latestLive;
  if (selected === undefined) return <p>No versions.</p>;
  const index = versions.indexOf(selected);
  const previous = index > 0 ? versions[index - 1] : undefined;
  const type = selected.schemaType ?? "AVRO";
  return (
    <section aria-labelledby="subject-title">
      <p class="crumbs">
        <a href={href({ kind: "subjects" })}>Subjects</a> /
      </p>
      <h1 id="subject-title">
        {subject} <span class="pill">{type}</span>
      </h1>
      <div class="actions">
        {previous !== undefined && (
          <a class="button" href={href({ kind: "diff", subject, version: selected.version, against: previous.version })}>
            Diff v{previous.version} → v{selected.version}
          </a>
        )}
        <a class="button" href={href({ kind: "try", subject })}>
          Try a change
        </a>
        {type === "ASYNCAPI" && (
          <a class="button" href={href({ kind: "asyncapi", subject, version: selected.version })}>
            AsyncAPI view
          </a>
        )}
      </div>
      <div class="columns">
        <aside class="timeline" aria-label="Versions">
          <h2>Versions</h2>
          <ol reversed>
            {[...versions].reverse().map((v) => (
              <li key={v.version} class={v === selected ? "current" : undefined}>
                <a href={href({ kind: "subject", subject, version: v.version })} aria-current={v === selected ? "page" : undefined}>
                  v{v.version}
                </a>{" "}
                <span class="muted">id {v.id}</span>
                {!live.has(v.version) && <span class="pill bad">deleted</span>}
                {(v.references?.length ?? 0) > 0 && <span class="muted"> · {v.references!.length} ref</span>}
              </li>
            ))}
          </ol>
          <ConfigPanel subject={subject} config={config} editable={canAdmin(me)} onSaved={reloadConfig} />
        </aside>
        <div class="main-col">
          <h2>
            Version {selected.version} <span class="muted">· schema id {selected.id}</span>
          </h2>
          <CodeEditor value={selected.schema} schemaType={type} label={`Schema of ${subject} version ${selected.version}`} testId="schema" />
          <References version={selected} />
          {type === "ASYNCAPI" && <DerivedSubjects subject={subject} version={selected.version} />}
          {!canWrite(me) && me !== null && <p class="muted">Read-only access: you can browse, diff and check changes, not register them.</p>}
        </div>
      </div>
    </section>
  );
}

function References({ version }: { version: SchemaVersion }) {
  const [by] = useLoad(async () => {
    const ids = await api.referencedBy(version.subject, version.version);
    const rows = await Promise.all(ids.map(async (id) => ({ id, versions: await api.idVersions(id).catch(() => []) })));
    return rows;
  }, [version.subject, version.version]);
  return (
    <div class="refs">
      <h3>References</h3>
      {(version.references?.length ?? 0) === 0 ? (
        <p class="muted">This version references no other schema.</p>
      ) : (
        <ul>
          {version.references!.map((r) => (
            <li key={r.name}>
              <code>{r.name}</code> → <a href={href({ kind: "subject", subject: r.subject, version: r.version })}>{r.subject} v{r.version}</a>
            </li>
          ))}
        </ul>
      )}
      <h3>Referenced by</h3>
      {by.kind === "loading" && <p class="muted">…</p>}
      {by.kind === "error" && <p class="error">{by.error.message}</p>}
      {by.kind === "ok" && by.value.length === 0 && <p class="muted">No schema references this version.</p>}
      {by.kind === "ok" && by.value.length > 0 && (
        <ul>
          {by.value.flatMap((r) =>
            r.versions.map((v) => (
              <li key={`${v.subject}/${v.version}`}>
                <a href={href({ kind: "subject", subject: v.subject, version: v.version })}>
                  {v.subject} v{v.version}
                </a>{" "}
                <span class="muted">id {r.id}</span>
              </li>
            )),
          )}
        </ul>
      )}
    </div>
  );
}

function DerivedSubjects({ subject, version }: { subject: string; version: number }) {
  const [rows] = useLoad(() => api.messages(subject, version), [subject, version]);
  if (rows.kind !== "ok") return rows.kind === "error" ? <p class="error">{rows.error.message}</p> : null;
  return (
    <div>
      <h3>Derived payload subjects</h3>
      <table class="list">
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">Channel</th>
            <th scope="col">Action</th>
            <th scope="col">Part</th>
            <th scope="col">Subject</th>
          </tr>
        </thead>
        <tbody>
          {rows.value.map((m) => (
            <tr key={`${m.channel}/${m.messageId}/${m.role}`}>
              <td>{m.messageId}</td>
              <td>{m.address ?? m.channel}</td>
              <td>{m.action}</td>
              <td>{m.role}</td>
              <td>
                {m.subject !== null ? (
                  <a href={href({ kind: "subject", subject: m.subject, ...(m.version !== null ? { version: m.version } : {}) })}>{m.subject}</a>
                ) : (
                  <span class="muted">{m.reason ?? "none"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ConfigPanel({ subject, config, editable, onSaved }: { subject: string; config: ReturnType<typeof useLoad<Config>>[0]; editable: boolean; onSaved: () => void }) {
  const [level, setLevel] = useState("");
  const [policy, setPolicy] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (config.kind === "ok") {
      setLevel(config.value.inForce.compatibilityLevel ?? "BACKWARD");
      setPolicy(config.value.inForce.compatibilityPolicy ?? "");
    }
  }, [config]);
  if (config.kind === "loading") return <p class="muted">…</p>;
  if (config.kind === "error") return <p class="error">{config.error.message}</p>;
  const inForce = config.value.inForce;
  const current = inForce.compatibilityLevel ?? "BACKWARD";
  return (
    <div class="config" data-testid="config">
      <h2>Compatibility</h2>
      <p>
        <strong data-testid="level">{current}</strong>
        {config.value.own?.compatibilityLevel === undefined && <span class="muted"> (from the global config)</span>}
        <br />
        <span class="muted">{levelInWords(current)}</span>
      </p>
      <p>
        Policy: <strong>{inForce.compatibilityPolicy ?? "STRICT"}</strong>
      </p>
      {editable && (
        <form
          class="stack"
          aria-label="Change compatibility"
          onSubmit={(e) => {
            e.preventDefault();
            setStatus(null);
            api
              .setConfig(subject, { compatibility: level, compatibilityPolicy: policy.trim() === "" ? null : policy.trim() })
              .then(
                () => {
                  setStatus({ ok: true, text: "Saved." });
                  onSaved();
                },
                (err: unknown) => setStatus({ ok: false, text: err instanceof Error ? err.message : String(err) }),
              );
          }}
        >
          <label>
            Level
            <select name="level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
              {LEVELS.map((l) => (
                <option value={l}>{l}</option>
              ))}
            </select>
          </label>
          <label>
            Policy
            <input name="policy" value={policy} placeholder="STRICT" onInput={(e) => setPolicy(e.currentTarget.value)} />
          </label>
          <button type="submit">Save level</button>
          {status !== null && (
            <p role="status" class={status.ok ? "good" : "error"}>
              {status.text}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
