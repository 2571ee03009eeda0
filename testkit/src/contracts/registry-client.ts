import { getFormat, type ParsedSchema, type ResolvedReference, type SchemaType } from "@charter/contracts";
import { TestkitError } from "../errors.js";

/** A schema as a Confluent-compatible registry returns it, parsed by the Charter engine of its type. */
export interface RegistrySchema {
  readonly id: number;
  readonly subject?: string;
  readonly version?: number;
  readonly parsed: ParsedSchema;
}

interface SchemaAnswer {
  readonly id?: number;
  readonly subject?: string;
  readonly version?: number;
  readonly schema: string;
  readonly schemaType?: string;
  readonly references?: ReadonlyArray<{ name: string; subject: string; version: number }>;
}

/**
 * The read side of the Confluent Schema Registry REST API a test needs: `GET /subjects/{s}/versions/{v}` and
 * `GET /schemas/ids/{id}`, references fetched and resolved dependencies-first, schemas parsed with the
 * `@charter/contracts` engines. Works with Charter's registry and any Confluent-compatible one. Answers are
 * cached per client. Errors: `CONTRACT_UNAVAILABLE` naming the URL and the registry's `error_code`/`message`.
 */
export class RegistryClient {
  private readonly byId = new Map<number, Promise<RegistrySchema>>();
  private readonly base: string;

  constructor(
    url: string,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {
    this.base = url.replace(/\/+$/, "");
  }

  /** The registry's base URL (no trailing slash). */
  get url(): string {
    return this.base;
  }

  /** The subject's `version` (a number or `"latest"`). */
  async subjectVersion(subject: string, version: number | "latest" = "latest"): Promise<RegistrySchema> {
    const answer = await this.get(`/subjects/${encodeURIComponent(subject)}/versions/${version}`);
    const schema = await this.parse(answer, `subject ${subject} version ${version}`);
    this.byId.set(schema.id, Promise.resolve(schema));
    return schema;
  }

  /** The schema registered under `id` (`GET /schemas/ids/{id}`). */
  schemaById(id: number): Promise<RegistrySchema> {
    let cached = this.byId.get(id);
    if (!cached) {
      cached = this.get(`/schemas/ids/${id}`).then((a) => this.parse({ ...a, id }, `schema id ${id}`));
      this.byId.set(id, cached);
      cached.catch(() => this.byId.delete(id));
    }
    return cached;
  }

  private async parse(answer: SchemaAnswer, what: string): Promise<RegistrySchema> {
    const type = (answer.schemaType ?? "AVRO") as SchemaType;
    const format = getFormat(type);
    if (!format) throw new TestkitError("CONTRACT_UNAVAILABLE", `${this.base}: ${what} has schema type ${type}, which Charter has no engine for`);
    const references = await this.resolveReferences(answer.references ?? [], new Set());
    const parsed = await format.parse(answer.schema, { references });
    if (!parsed.ok) {
      throw new TestkitError("CONTRACT_UNAVAILABLE", `${this.base}: ${what} does not parse: ${parsed.error.message}`, { path: parsed.error.path });
    }
    return { id: answer.id ?? -1, ...(answer.subject ? { subject: answer.subject } : {}), ...(answer.version ? { version: answer.version } : {}), parsed: parsed.value };
  }

  /** References depth-first, dependencies before dependants, each once. */
  private async resolveReferences(refs: SchemaAnswer["references"] & object, seen: Set<string>): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    for (const ref of refs) {
      const key = `${ref.subject}@${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const answer = await this.get(`/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`);
      out.push(...(await this.resolveReferences(answer.references ?? [], seen)));
      out.push({ name: ref.name, schema: answer.schema });
    }
    return out;
  }

  private async get(path: string): Promise<SchemaAnswer> {
    const url = `${this.base}${path}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { accept: "application/vnd.schemaregistry.v1+json, application/json", ...this.headers } });
    } catch (e) {
      throw new TestkitError("CONTRACT_UNAVAILABLE", `cannot reach the schema registry at ${url}: ${e instanceof Error ? e.message : String(e)}`, { url });
    }
    const body = (await res.json().catch(() => undefined)) as (SchemaAnswer & { error_code?: number; message?: string }) | undefined;
    if (!res.ok || !body) {
      const why = body?.message ? `${body.error_code ?? res.status} ${body.message}` : `HTTP ${res.status}`;
      throw new TestkitError("CONTRACT_UNAVAILABLE", `schema registry ${url} answered ${why}`, { url, status: res.status, errorCode: body?.error_code });
    }
    return body;
  }
}
