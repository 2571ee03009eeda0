/**
 * Reads a contract from a Confluent-compatible schema registry (Charter's speaks the same REST API): the
 * AsyncAPI document of a subject version with its references (resolved transitively, dependencies first), the
 * subject's older versions as the upcaster history, and — from Charter's `GET /subjects/{s}/versions/{v}/messages`
 * — the derived subject of each message, used as the wire format's default subjects.
 */
import type { ResolvedReference } from "@charter/contracts";
import type { ContractSource, MessageSubjects } from "../options.js";
import { CodegenError } from "../generate.js";

/** Options of {@link loadRegistryContract}. */
export interface RegistrySourceOptions {
  /** Registry base URL, e.g. `http://127.0.0.1:8081`. */
  readonly url: string;
  readonly subject: string;
  /** Version number or `latest` (default). */
  readonly version?: number | "latest";
  /** Extra request headers (authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
}

/** A contract read from the registry. */
export interface RegistryContract {
  readonly source: ContractSource;
  /** Older versions of the subject, oldest first. */
  readonly history: readonly ContractSource[];
  readonly version: number;
  readonly messageSubjects: readonly MessageSubjects[];
}

interface SubjectVersion {
  readonly subject: string;
  readonly version: number;
  readonly schema: string;
  readonly schemaType?: string;
  readonly references?: ReadonlyArray<{ readonly name: string; readonly subject: string; readonly version: number }>;
}

interface MessageRow {
  readonly messageId: string;
  readonly channel: string;
  readonly role: "value" | "key";
  readonly subject: string | null;
}

/**
 * Loads `subject` at `version` and its history. Errors: {@link CodegenError} naming the URL and the registry's
 * error code when a request fails, or when the subject version is not an ASYNCAPI schema.
 */
export async function loadRegistryContract(options: RegistrySourceOptions): Promise<RegistryContract> {
  const base = options.url.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const get = async <T>(path: string): Promise<T> => {
    let response: Response;
    try {
      response = await doFetch(base + path, { headers: { accept: "application/vnd.schemaregistry.v1+json", ...options.headers } });
    } catch (e) {
      throw new CodegenError(`registry ${base} unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    const body = await response.text();
    if (!response.ok) {
      let detail = body;
      try {
        const parsed = JSON.parse(body) as { error_code?: number; message?: string };
        detail = `${parsed.error_code ?? response.status} ${parsed.message ?? ""}`.trim();
      } catch {
        // not JSON: keep the text
      }
      throw new CodegenError(`GET ${base}${path}: HTTP ${response.status}: ${detail}`);
    }
    return JSON.parse(body) as T;
  };
  const subjectPath = (s: string) => `/subjects/${encodeURIComponent(s)}`;

  const references = async (of: SubjectVersion, seen = new Set<string>()): Promise<ResolvedReference[]> => {
    const out: ResolvedReference[] = [];
    for (const r of of.references ?? []) {
      const key = `${r.subject}@${r.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const dep = await get<SubjectVersion>(`${subjectPath(r.subject)}/versions/${r.version}`);
      out.push(...(await references(dep, seen)), { name: r.name, schema: dep.schema });
    }
    return out;
  };
  const source = async (v: SubjectVersion): Promise<ContractSource> => {
    if ((v.schemaType ?? "AVRO") !== "ASYNCAPI") throw new CodegenError(`${v.subject} version ${v.version} is ${v.schemaType ?? "AVRO"}, not an AsyncAPI document`);
    return { text: v.schema, references: await references(v), label: `${v.subject}@${v.version}` };
  };

  const latest = await get<SubjectVersion>(`${subjectPath(options.subject)}/versions/${options.version ?? "latest"}`);
  const versions = await get<number[]>(`${subjectPath(options.subject)}/versions`);
  const history: ContractSource[] = [];
  for (const n of versions.filter((n) => n < latest.version).sort((a, b) => a - b)) {
    history.push(await source(await get<SubjectVersion>(`${subjectPath(options.subject)}/versions/${n}`)));
  }
  let rows: MessageRow[] = [];
  try {
    rows = await get<MessageRow[]>(`${subjectPath(options.subject)}/versions/${latest.version}/messages`);
  } catch {
    // Not Charter's registry: no derived subjects; the client falls back to TopicNameStrategy.
  }
  const bySubject = new Map<string, { channel: string; messageId: string; value?: string; key?: string }>();
  for (const r of rows) {
    if (r.subject === null) continue;
    const k = `${r.channel}\u0000${r.messageId}`;
    const entry = bySubject.get(k) ?? { channel: r.channel, messageId: r.messageId };
    entry[r.role] = r.subject;
    bySubject.set(k, entry);
  }
  return { source: await source(latest), history, version: latest.version, messageSubjects: [...bySubject.values()] };
}
