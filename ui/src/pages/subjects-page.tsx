import { useEffect, useMemo, useState } from "preact/hooks";
import { api, type SchemaVersion } from "../api.js";
import { useLoad, useTitle } from "../hooks.js";
import { navigate } from "../nav.js";
import { BASE, href } from "../routes.js";
import { filterSubjects, LEVELS, PAGE_SIZE, SCHEMA_TYPES, type SubjectRow } from "../subject-filter.js";

interface Listing {
  readonly rows: SubjectRow[];
  readonly globalLevel: string;
}

async function loadListing(deleted: boolean): Promise<Listing> {
  const [names, latest, deletedOnly, global] = await Promise.all([
    api.subjects(deleted),
    api.latestSchemas(deleted),
    deleted ? api.deletedSubjects() : Promise.resolve([] as string[]),
    api.globalConfig(),
  ]);
  const bySubject = new Map<string, SchemaVersion>();
  for (const s of latest) {
    const seen = bySubject.get(s.subject);
    if (seen === undefined || seen.version < s.version) bySubject.set(s.subject, s);
  }
  const gone = new Set(deletedOnly);
  const rows = names.map((name): SubjectRow => {
    const s = bySubject.get(name);
    return {
      name,
      schemaType: s?.schemaType ?? (s !== undefined ? "AVRO" : undefined),
      latestVersion: s?.version,
      latestId: s?.id,
      deleted: gone.has(name),
    };
  });
  return { rows, globalLevel: global.compatibilityLevel ?? "BACKWARD" };
}

// Levels are per subject (`GET /config/{s}?defaultToGlobal=true`): fetched for the rows shown, or for every
// subject when filtering by level, a few at a time.
function useLevels(subjects: readonly string[]): Map<string, string> {
  const [levels, setLevels] = useState(() => new Map<string, string>());
  useEffect(() => {
    let live = true;
    const todo = subjects.filter((s) => !levels.has(s));
    if (todo.length === 0) return;
    let next = 0;
    const found = new Map<string, string>();
    let flushed = Date.now();
    const flush = () => {
      if (!live || found.size === 0) return;
      setLevels((old) => new Map([...old, ...found]));
      flushed = Date.now();
    };
    const worker = async () => {
      while (live && next < todo.length) {
        const s = todo[next++]!;
        try {
          found.set(s, (await api.config(s)).compatibilityLevel ?? "?");
        } catch {
          found.set(s, "?");
        }
        if (Date.now() - flushed > 300) flush();
      }
    };
    void Promise.all(Array.from({ length: Math.min(6, todo.length) }, worker)).then(flush);
    return () => {
      live = false;
    };
  }, [subjects.join("\n")]);
  return levels;
}

/** The subjects list: search, filters (schema type, level, deleted), counts and pages of {@link PAGE_SIZE}. */
export function SubjectsPage({ query }: { query: URLSearchParams }) {
  useTitle("Subjects");
  const q = query.get("q") ?? "";
  const match = query.get("match") === "prefix" ? "prefix" : "substring";
  const type = query.get("type") ?? "";
  const level = query.get("level") ?? "";
  const deleted = query.get("deleted") === "1";
  const page = Math.max(1, Number(query.get("page") ?? "1") || 1);
  const [listing] = useLoad(() => loadListing(deleted), [deleted]);
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const setQuery = (changes: Record<string, string>, replace = true) => {
    // From the address bar, not this render's `query`: a debounced search must not undo a filter set meanwhile.
    const next = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === "") next.delete(k);
      else next.set(k, v);
    }
    if (!("page" in changes)) next.delete("page");
    const qs = next.toString();
    navigate(`${BASE}${qs ? `?${qs}` : ""}`, replace);
  };
  // Typing filters as you go (the URL follows, so the view can be shared).
  useEffect(() => {
    if (search === q) return;
    const t = setTimeout(() => setQuery({ q: search }), 150);
    return () => clearTimeout(t);
  }, [search]);

  const rows = listing.kind === "ok" ? listing.value.rows : [];
  const byText = useMemo(() => filterSubjects(rows, { q, match, type, level: "", levels: new Map() }), [rows, q, match, type]);
  // Without a level filter only the shown page needs levels; with one, every subject that passed the others.
  const [levelNeeded, setLevelNeeded] = useState<string[]>([]);
  const levels = useLevels(levelNeeded);
  const filtered = level === "" ? byText : filterSubjects(byText, { q: "", match, type: "", level, levels });
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = filtered.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const needed = (level !== "" ? byText : shown).map((r) => r.name);
  useEffect(() => setLevelNeeded(needed), [needed.join("\n")]);
  const levelOf = (s: string) => levels.get(s);
  const pendingLevels = level !== "" ? byText.filter((r) => !levels.has(r.name)).length : 0;

  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const r of rows) c.set(r.schemaType ?? "—", (c.get(r.schemaType ?? "—") ?? 0) + 1);
    return c;
  }, [rows]);

  return (
    <section aria-labelledby="subjects-title">
      <h1 id="subjects-title">Subjects</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" name="q" value={search} placeholder="orders, payments.…" onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label>
          Match
          <select name="match" value={match} onChange={(e) => setQuery({ match: e.currentTarget.value === "prefix" ? "prefix" : "" })}>
            <option value="substring">anywhere in the name</option>
            <option value="prefix">at the start (prefix)</option>
          </select>
        </label>
        <label>
          Schema type
          <select name="type" value={type} onChange={(e) => setQuery({ type: e.currentTarget.value })}>
            <option value="">any</option>
            {SCHEMA_TYPES.map((t) => (
              <option value={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Compatibility
          <select name="level" value={level} onChange={(e) => setQuery({ level: e.currentTarget.value })}>
            <option value="">any level</option>
            {LEVELS.map((l) => (
              <option value={l}>{l}</option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="deleted" checked={deleted} onChange={(e) => setQuery({ deleted: e.currentTarget.checked ? "1" : "" })} />
          Show soft-deleted
        </label>
      </form>
      {listing.kind === "loading" && <p class="muted">Loading subjects…</p>}
      {listing.kind === "error" && (
        <p role="alert" class="error">
          {listing.error.message}
        </p>
      )}
      {listing.kind === "ok" && (
        <>
          <p class="counts" data-testid="counts" aria-live="polite">
            <strong>{filtered.length}</strong> of {rows.length} subjects
            {[...counts].map(([t, n]) => (
              <span class="pill" key={t}>
                {t} {n}
              </span>
            ))}
            {deleted && <span class="pill bad">deleted {rows.filter((r) => r.deleted).length}</span>}
            <span class="muted"> · global level {listing.value.globalLevel}</span>
            {pendingLevels > 0 && <span class="muted"> · reading levels, {pendingLevels} to go…</span>}
          </p>
          <table class="list" data-testid="subjects">
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Type</th>
                <th scope="col">Latest</th>
                <th scope="col">Id</th>
                <th scope="col">Compatibility</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.name} class={r.deleted ? "deleted" : undefined}>
                  <td>
                    <a href={href({ kind: "subject", subject: r.name })}>{r.name}</a>
                    {r.deleted && <span class="pill bad">deleted</span>}
                  </td>
                  <td>{r.schemaType ?? "—"}</td>
                  <td>{r.latestVersion !== undefined ? `v${r.latestVersion}` : "—"}</td>
                  <td>{r.latestId ?? "—"}</td>
                  <td>{levelOf(r.name) ?? <span class="muted">…</span>}</td>
                </tr>
              ))}
              {shown.length === 0 && (
                <tr>
                  <td colSpan={5} class="muted">
                    No subject matches.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {pages > 1 && (
            <nav class="pager" aria-label="Pages">
              <button type="button" disabled={current <= 1} onClick={() => setQuery({ page: String(current - 1) }, false)}>
                ← Previous
              </button>
              <span>
                Page {current} of {pages}
              </span>
              <button type="button" disabled={current >= pages} onClick={() => setQuery({ page: String(current + 1) }, false)}>
                Next →
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
