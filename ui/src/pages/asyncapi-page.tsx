import { parse } from "yaml";
import { api, schemaBody, type DerivedMessage } from "../api.js";
import { useLoad, useTitle } from "../hooks.js";
import { href } from "../routes.js";
import { explainAsyncApi, parseMessages } from "../violations.js";
import { operationsOf, payloadRows, type PayloadRow } from "../asyncapi-model.js";

/**
 * An AsyncAPI document as people read it: channels, operations (send/receive), messages with their payloads as
 * tables (read from the derived payload subjects, which hold each payload standalone), and the direction-aware
 * verdict of this version against the previous one, in words.
 */
export function AsyncApiPage({ subject, version }: { subject: string; version?: number }) {
  useTitle(`AsyncAPI · ${subject}`);
  const [data] = useLoad(async () => {
    const doc = await api.version(subject, version ?? "latest");
    const all = await api.versions(subject, false);
    const previous = all.filter((v) => v < doc.version).pop();
    const [messages, answer, config] = await Promise.all([
      api.messages(subject, doc.version),
      previous !== undefined ? api.check(subject, previous, schemaBody(doc)) : Promise.resolve(undefined),
      api.config(subject),
    ]);
    const payloads = await Promise.all(
      messages.map(async (m) => (m.subject !== null && m.version !== null ? api.version(m.subject, m.version).catch(() => undefined) : undefined)),
    );
    let parsed: unknown;
    try {
      parsed = parse(doc.schema);
    } catch {
      parsed = undefined;
    }
    return { doc, previous, messages, payloads, answer, parsed, level: config.compatibilityLevel ?? "BACKWARD" };
  }, [subject, version]);
  if (data.kind === "loading") return <p class="muted">Loading {subject}…</p>;
  if (data.kind === "error")
    return (
      <p role="alert" class="error">
        {data.error.message}
      </p>
    );
  const { doc, previous, messages, payloads, answer, parsed, level } = data.value;
  const info = (parsed as { info?: { title?: string; version?: string; description?: string }; asyncapi?: string } | undefined) ?? {};
  const operations = operationsOf(parsed);
  const channels = [...new Set(messages.map((m) => m.channel))];
  const verdict = answer !== undefined ? parseMessages(answer.messages) : undefined;
  return (
    <section aria-labelledby="asyncapi-title">
      <p class="crumbs">
        <a href={href({ kind: "subjects" })}>Subjects</a> / <a href={href({ kind: "subject", subject, version: doc.version })}>{subject}</a> /
      </p>
      <h1 id="asyncapi-title">
        {info.info?.title ?? subject} <span class="muted">{info.info?.version}</span>
      </h1>
      <p class="muted">
        AsyncAPI {(parsed as { asyncapi?: string } | undefined)?.asyncapi ?? "?"} · {subject} v{doc.version} · schema id {doc.id}
      </p>
      {info.info?.description !== undefined && <p>{info.info.description}</p>}

      <h2>Change from the previous version</h2>
      {previous === undefined && <p class="muted">This is the first version: nothing to compare.</p>}
      {verdict !== undefined && answer !== undefined && (
        <div data-testid="asyncapi-verdict">
          <p class={answer.is_compatible ? "verdict good" : "verdict bad"}>
            {answer.is_compatible
              ? `✔ v${doc.version} is compatible with v${previous} under ${verdict.level ?? level}: every consumer of what it sends, and the application itself for what it receives, keep working.`
              : `✘ v${doc.version} breaks v${previous} under ${verdict.level ?? level}:`}
          </p>
          <ul>
            {verdict.violations.map((v, i) => (
              <li key={i}>
                {withCode(explainAsyncApi(v))} <code class="muted">{v.path}</code>
              </li>
            ))}
          </ul>
          {previous !== undefined && (
            <a href={href({ kind: "diff", subject, version: doc.version, against: previous })}>See the diff v{previous} → v{doc.version}</a>
          )}
        </div>
      )}

      <h2>Channels</h2>
      <ul>
        {channels.map((c) => {
          const m = messages.find((x) => x.channel === c)!;
          return (
            <li key={c}>
              <strong>{c}</strong>
              {m.address !== null && m.address !== c && <span class="muted"> · address {m.address}</span>}
              <span class="muted"> · messages {[...new Set(messages.filter((x) => x.channel === c).map((x) => x.messageId))].join(", ")}</span>
            </li>
          );
        })}
        {channels.length === 0 && <li class="muted">No channel carries a message.</li>}
      </ul>

      <h2>Operations</h2>
      <table class="list" data-testid="operations">
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Action</th>
            <th scope="col">Channel</th>
            <th scope="col">Messages</th>
          </tr>
        </thead>
        <tbody>
          {operations.map((o) => (
            <tr key={o.id}>
              <td>{o.id}</td>
              <td>
                <span class={`pill ${o.action}`}>{o.action}</span>
              </td>
              <td>{o.channel}</td>
              <td>{o.messages.join(", ")}</td>
            </tr>
          ))}
          {operations.length === 0 && (
            <tr>
              <td colSpan={4} class="muted">
                No operations.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h2>Messages</h2>
      {messages.map((m, i) => (
        <MessageCard key={`${m.channel}/${m.messageId}/${m.role}`} message={m} payload={payloads[i]?.schema} payloadType={payloads[i]?.schemaType ?? "AVRO"} />
      ))}
    </section>
  );
}

/** Text with `backticked` names shown as code. */
function withCode(text: string) {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

function MessageCard({ message: m, payload, payloadType }: { message: DerivedMessage; payload: string | undefined; payloadType: string }) {
  const rows: PayloadRow[] | undefined = payload !== undefined ? payloadRows(payload, payloadType) : undefined;
  return (
    <article class="card message" aria-label={`Message ${m.messageId} ${m.role === "key" ? "key" : "payload"}`}>
      <h3>
        {m.messageId} <span class="muted">{m.role === "key" ? "key" : "payload"}</span> <span class={`pill ${m.action}`}>{m.action}</span>
      </h3>
      <p class="muted">
        on {m.channel} · <code>{m.path}</code> ·{" "}
        {m.subject !== null ? (
          <a href={href({ kind: "subject", subject: m.subject, ...(m.version !== null ? { version: m.version } : {}) })}>
            {m.subject}
            {m.version !== null ? ` v${m.version}` : ""}
          </a>
        ) : (
          (m.reason ?? "no subject")
        )}
      </p>
      {rows === undefined ? (
        <p class="muted">No payload schema to show.</p>
      ) : rows.length === 0 ? (
        <pre class="code">{payload}</pre>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Required</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name}>
                <td>
                  <code>{r.name}</code>
                </td>
                <td>{r.type}</td>
                <td>{r.required ? "yes" : "no"}</td>
                <td>{r.description ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
