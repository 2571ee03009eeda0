import {
  DEFAULT_COMPATIBILITY_LEVEL,
  DEFAULT_LIMITS,
  lazyFormat,
  supportedSchemaTypes,
  type CompatibilityLevel,
  type Format,
  type LevelVerdict,
} from "@charter/contracts/core";
import type { LintFinding } from "@charter/contracts/lint";
import { Errors, failure, fromContractError, success, type Outcome, type RegistryError } from "../errors.js";
import { contractKey, mergeMetadata, mergeRuleSets, type SchemaMetadata, type SchemaRuleSet } from "../metadata.js";
import { DEFAULT_MODE, isMode, isReadOnly, type Mode } from "../mode.js";
import { applyConfigUpdate, effectiveConfig, parseConfigUpdate, type SubjectConfig } from "../subject-config.js";
import {
  StorageLimitError,
  type DeletedFilter,
  type Storage,
  type StorageChange,
  type StorageReader,
  type StorageTransaction,
  type StoredReference,
  type StoredSchema,
  type SubjectVersion,
} from "../storage/storage.js";
import { withAsyncApiFragmentLookup } from "./asyncapi-fragments.js";
import { hasConfluentVersion, withConfluentVersion } from "./confluent-version.js";
import { hasProperties } from "./latest-with-metadata.js";
import { findUnderSubject, type LookupTarget } from "./schema-lookup.js";
import { parseGuid } from "./schema-guid.js";
import { SchemasById } from "./schemas-by-id.js";
import { listPayloadSubjects, registerPayloadSubjects, type MessageSubjectView } from "./asyncapi-payload-subjects.js";
import { incompatibleMessage, violationMessages } from "./compatibility-messages.js";
import { referencesKey, resolveReferences } from "./references.js";
import { findReferenceCycle, referenceCycleError, SERIALIZED_FORMAT } from "./protobuf-schemas.js";
import { parseSchemaRequest, type SchemaRequest } from "./schema-request.js";
import { validateSubject } from "./subject-name.js";
import type { VersionSpec } from "./version-spec.js";
import { inProcessSchemaExecutor, type SchemaExecutor, type SchemaOutcome } from "../worker/schema-executor.js";
import type { ParseLimits, PreparedView, SchemaSource, SchemaTask } from "../worker/schema-tasks.js";

/** How many of the newest ids a GUID miss reads from a store other instances write (see `getSchemaByGuid`). */
const GUID_MISS_SCAN = 64;

/** Default {@link RegistryServiceOptions.maxSchemaBytes}: 1 MiB (Confluent's request size filter default). */
export const DEFAULT_MAX_SCHEMA_BYTES = DEFAULT_LIMITS.maxSchemaBytes;

/** Options for {@link RegistryService.create}. */
export interface RegistryServiceOptions {
  readonly storage: Storage;
  /** Largest schema text accepted, in UTF-8 bytes (42209 above). Default {@link DEFAULT_MAX_SCHEMA_BYTES}. */
  readonly maxSchemaBytes?: number;
  /** Level used while no global level is set. Default BACKWARD (Confluent `schema.compatibility.level`). */
  readonly defaultCompatibility?: CompatibilityLevel;
  /** Engine lookup. Default `lazyFormat` from `@charter/contracts/core` (engines imported on first parse); tests may inject fakes. */
  readonly formats?: (type: string) => Format | undefined;
  /** Schema types listed by `GET /schemas/types`. Default `supportedSchemaTypes()`. */
  readonly schemaTypes?: () => readonly string[];
  /** Deepest nesting accepted by the engines (`SCHEMA_TOO_DEEP` → 42201 beyond). Default 256. */
  readonly maxDepth?: number;
  /** Most values in one schema document (`SCHEMA_TOO_DEEP` → 42201 beyond). Default 500,000. */
  readonly maxNodes?: number;
  /** Longest regex in a schema (42201 beyond). Default 4096. */
  readonly maxPatternLength?: number;
  /**
   * Where parses and compatibility checks run. Default: on the calling thread with `formats`; `buildRegistry`
   * passes a worker pool that enforces the time budget (`worker/schema-executor.ts`). Closed by the caller.
   */
  readonly executor?: SchemaExecutor;
}

/** A version of a subject together with its schema. */
export interface VersionedSchema {
  readonly version: SubjectVersion;
  readonly schema: StoredSchema;
}

/** The answer of a registration: the (possibly pre-existing) id and version. */
export interface Registration {
  readonly id: number;
  readonly version: number;
  readonly schema: StoredSchema;
  /** Lint findings not refusing the schema (the subject's `lint` config is `warn`, or `error` and these are warnings). */
  readonly lint?: readonly LintFinding[];
}

/**
 * Running counts for metrics (plain numbers, so the hot path pays an increment; `observability/metrics.ts`
 * reads them when scraped).
 */
export interface ServiceStats {
  /** Registrations by result: `created` (a new version), `existing` (an identical version answered), `incompatible` (409), `rejected` (any other error). */
  readonly registrations: Record<"created" | "existing" | "incompatible" | "rejected", number>;
  /** Compatibility checks (registrations and tests) by `LEVEL|verdict` (`compatible`/`incompatible`). */
  readonly checks: Map<string, number>;
  /** Lookups in the in-memory caches: `ids` (the id map of `GET /schemas/ids/{id}`), `parsed` (parsed schemas). */
  readonly cache: Record<"ids" | "parsed", { hits: number; misses: number }>;
}

/** The config in force for a subject ({@link effectiveConfig}): its level is always set. */
export type EffectiveConfig = SubjectConfig & { readonly compatibilityLevel: CompatibilityLevel };

/** The answer of a compatibility test. `messages` is present with `verbose`. */
export interface CompatibilityAnswer {
  readonly is_compatible: boolean;
  readonly messages?: string[];
}

/** Flags of `register`, `lookup` and compatibility tests. */
export interface SchemaRequestFlags {
  /** Store and compare the engine's canonical text (`normalize=true`; the config's `normalize` also turns it on). */
  readonly normalize?: boolean;
  /** Lookup only: also match soft-deleted versions (`deleted=true`). */
  readonly deleted?: boolean;
  /** Compatibility only: return `messages` (`verbose=true`). */
  readonly verbose?: boolean;
}

/** Query options of `GET /schemas`. */
export interface ListSchemasQuery {
  readonly subjectPrefix?: string;
  readonly deleted?: boolean;
  readonly latestOnly?: boolean;
}

interface PreparedSchema {
  /** What the engine made of it (type, canonical form, fingerprint, ASYNCAPI payloads). */
  readonly parsed: PreparedView;
  /** The schema as parsed, for the compatibility check. */
  readonly source: SchemaSource;
  readonly references: readonly StoredReference[];
  readonly referencesKey: string;
  /** What gets stored: the text as given, or the canonical text with `normalize`. */
  readonly text: string;
}

/**
 * A task's outcome as an {@link Outcome}: engine errors of the request's schema → 42201, a stopped task (over its
 * budget, or its worker died) → 42201 saying so, a stored schema that no longer parses → 50001.
 */
function taskOutcome<K extends SchemaOutcome["kind"]>(outcome: SchemaOutcome, kind: K): Outcome<Extract<SchemaOutcome, { kind: K }>> {
  if (outcome.kind === kind) return success(outcome as Extract<SchemaOutcome, { kind: K }>);
  switch (outcome.kind) {
    case "invalid":
      return failure(fromContractError(outcome.error));
    case "stopped":
      return failure(Errors.invalidSchema(`Schema processing stopped: ${outcome.message} (see "Limits" in docs/registry.md)`));
    default:
      return failure(Errors.storeError());
  }
}

/**
 * The metadata and rule set a new version of a subject gets (Confluent `maybeSetMetadataRuleSet`): the
 * request's own, else the previous (latest live) version's, merged over the config's defaults and under its
 * overrides.
 */
function versionContract(
  config: SubjectConfig,
  request: { readonly metadata?: SchemaMetadata; readonly ruleSet?: SchemaRuleSet },
  previous: StoredSchema | undefined,
): { metadata?: SchemaMetadata; ruleSet?: SchemaRuleSet } {
  const metadata = mergeMetadata(mergeMetadata(config.defaultMetadata, request.metadata ?? previous?.metadata), config.overrideMetadata);
  const ruleSet = mergeRuleSets(mergeRuleSets(config.defaultRuleSet, request.ruleSet ?? previous?.ruleSet), config.overrideRuleSet);
  return { ...(metadata !== undefined ? { metadata } : {}), ...(ruleSet !== undefined ? { ruleSet } : {}) };
}

/** Carries a failed outcome out of a unit of work so the store rolls back whatever it already wrote. */
class Rollback extends Error {
  constructor(readonly failure: RegistryError) {
    super(failure.message);
  }
}

/**
 * The registry's rules over a {@link Storage}: ids, versions, compatibility, deletion, references, config and
 * modes, with Confluent Schema Registry semantics (see /work/shared/notes/peer-registries.md §1). Every method
 * returns errors as values ({@link Outcome}); only store failures throw.
 *
 * `GET /schemas/ids/{id}` is answered from an in-memory map (ids are immutable), loaded at start and updated after
 * each committed write. Parses and compatibility checks run on the {@link SchemaExecutor} (in worker threads under
 * a time budget, as `buildRegistry` sets it up), which caches parsed schemas; this thread keeps all storage I/O.
 */
export class RegistryService {
  /** Counters for metrics; see {@link ServiceStats}. */
  readonly stats: ServiceStats = {
    registrations: { created: 0, existing: 0, incompatible: 0, rejected: 0 },
    checks: new Map(),
    cache: { ids: { hits: 0, misses: 0 }, parsed: { hits: 0, misses: 0 } },
  };
  /** Stored schemas by id, which also finds an id by GUID. */
  private readonly byId = new SchemasById();
  /** Stored schemas with their resolved references, for the executor (ids and their references are immutable). */
  private readonly sourceById = new Map<number, SchemaSource>();
  /** Schemas in another `format` (`serialized:<id>`, `resolved:<id>`), see {@link inFormat}. */
  private readonly formattedById = new Map<string, StoredSchema>();
  private readonly storage: Storage;
  private readonly maxSchemaBytes: number;
  private readonly defaultCompatibility: CompatibilityLevel;
  private readonly formats: (type: string) => Format | undefined;
  private readonly schemaTypeList: () => readonly string[];
  private readonly limits: ParseLimits;
  private readonly executor: SchemaExecutor;
  /** Set while following a shared store's changes ({@link create}). */
  private unsubscribe: (() => void) | undefined;
  /** The tail of the changes being applied, one after another. */
  private changes: Promise<void> = Promise.resolve();

  private constructor(options: RegistryServiceOptions) {
    this.storage = options.storage;
    this.maxSchemaBytes = options.maxSchemaBytes ?? DEFAULT_MAX_SCHEMA_BYTES;
    this.defaultCompatibility = options.defaultCompatibility ?? DEFAULT_COMPATIBILITY_LEVEL;
    // ASYNCAPI also accepts the fragments multi-file documents reference (asyncapi-fragments.ts).
    this.formats = withAsyncApiFragmentLookup(options.formats ?? lazyFormat);
    this.schemaTypeList = options.schemaTypes ?? supportedSchemaTypes;
    this.limits = {
      maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
      maxNodes: options.maxNodes ?? DEFAULT_LIMITS.maxNodes,
      maxPatternLength: options.maxPatternLength ?? DEFAULT_LIMITS.maxPatternLength,
    };
    this.executor = options.executor ?? inProcessSchemaExecutor(options.formats ?? lazyFormat);
  }

  /**
   * Creates the service and loads every stored schema into the in-memory id map. On a store other instances
   * write too ({@link Storage.subscribe}), the map follows their commits, and a miss is looked up in the store.
   */
  static async create(options: RegistryServiceOptions): Promise<RegistryService> {
    const service = new RegistryService(options);
    const storage = options.storage;
    if (storage.subscribe !== undefined) {
      // Subscribe before loading, so nothing committed in between is missed; changes apply in commit order.
      service.unsubscribe = storage.subscribe((change) => {
        service.changes = service.changes.then(() => service.follow(change)).catch(() => undefined);
      });
    }
    for (const schema of await storage.listSchemas()) service.byId.set(schema.id, schema);
    return service;
  }

  /** Whether other instances write the same store (then an id missing from memory may still exist). */
  private get shared(): boolean {
    return this.unsubscribe !== undefined;
  }

  /** Applies another instance's (or this one's) committed change to the in-memory maps. */
  private async follow(change: StorageChange): Promise<void> {
    if (change.kind === "resync") {
      const all = await this.storage.listSchemas();
      this.byId.clear();
      for (const schema of all) this.byId.set(schema.id, schema);
      // Removed ids may have been missed: drop derived entries of ids no longer stored.
      const gone = [...this.sourceById.keys()].filter((id) => !this.byId.has(id));
      this.forget(gone);
      return;
    }
    this.forget(change.removed);
    for (const schema of change.added) this.byId.set(schema.id, schema);
    for (const id of change.addedIds) {
      if (this.byId.has(id)) continue;
      const schema = await this.storage.getSchema(id);
      if (schema !== undefined) this.byId.set(id, schema);
    }
  }

  /** Stops following the store's changes (the registry closes). Waits for changes being applied. */
  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.changes;
  }

  /** Schema types this registry accepts (`GET /schemas/types`). */
  schemaTypes(): readonly string[] {
    return this.schemaTypeList();
  }

  /** Runs `work` as one unit of work that commits only when it succeeds (a failed outcome rolls back). */
  private async unitOfWork<T>(work: (tx: StorageTransaction) => Promise<Outcome<T>>): Promise<Outcome<T>> {
    try {
      return await this.storage.withTransaction(async (tx) => {
        const outcome = await work(tx);
        if (!outcome.ok) throw new Rollback(outcome.error);
        return outcome;
      });
    } catch (e) {
      if (e instanceof Rollback) return failure(e.failure);
      if (e instanceof StorageLimitError) return failure(Errors.operationNotPermitted(e.message));
      throw e;
    }
  }

  // ---------------------------------------------------------------- schemas by id

  /** The schema with this id, from memory (40403 when unknown). Soft-deleted versions do not hide it. */
  getSchemaById(id: number): Outcome<StoredSchema> {
    const schema = this.byId.get(id);
    if (schema === undefined) {
      this.stats.cache.ids.misses++;
      return failure(Errors.schemaNotFound(`Schema ${id} not found`));
    }
    this.stats.cache.ids.hits++;
    return success(schema);
  }

  /**
   * {@link getSchemaById} for a miss: on a store other instances write, the id may have been committed a moment
   * ago by one of them, so it is read from the store (and kept); otherwise the same 40403.
   */
  async getSchemaByIdFromStore(id: number): Promise<Outcome<StoredSchema>> {
    const cached = this.byId.get(id);
    if (cached !== undefined) return success(cached);
    const schema = this.shared ? await this.storage.getSchema(id) : undefined;
    if (schema === undefined) return failure(Errors.schemaNotFound(`Schema ${id} not found`));
    this.byId.set(id, schema);
    return success(schema);
  }

  /**
   * `GET /schemas/guids/{guid}` (Confluent `getByGuid`): the schema with this GUID (see `schema-guid.ts`), from
   * memory. 40403 for an unknown GUID or text that is not one. On a store other instances write, a miss waits
   * for the changes already announced, then reads the newest ids not yet in memory (a GUID is derived, not
   * stored, so the store cannot be asked for it; another instance's commit of a moment ago has a new id).
   */
  async getSchemaByGuid(text: string): Promise<Outcome<StoredSchema>> {
    const id = await this.idOfGuid(text);
    const schema = id === undefined ? undefined : this.byId.get(id);
    return schema === undefined ? failure(Errors.schemaNotFound(`Schema ${text} not found`)) : success(schema);
  }

  /**
   * `GET /schemas/guids/{guid}/ids` (Confluent `listIdsForGuid`): `[{context, id}]`, one per context holding the
   * GUID — here the default context `.` only; `[]` for an unknown GUID or text that is not one.
   */
  async listIdsForGuid(text: string): Promise<Array<{ context: string; id: number }>> {
    const id = await this.idOfGuid(text);
    return id === undefined ? [] : [{ context: ".", id }];
  }

  private async idOfGuid(text: string): Promise<number | undefined> {
    const guid = parseGuid(text);
    if (guid === undefined) return undefined;
    const id = this.byId.idOfGuid(guid);
    if (id !== undefined || !this.shared) return id;
    await this.changes;
    const announced = this.byId.idOfGuid(guid);
    if (announced !== undefined) return announced;
    // Newest first, and only a few: ids freed by permanent deletes leave gaps that must not cost a scan.
    const max = await this.storage.getMaxSchemaId();
    for (let next = max; next > Math.max(0, max - GUID_MISS_SCAN); next--) {
      if (this.byId.has(next)) break;
      const schema = await this.storage.getSchema(next);
      if (schema !== undefined) this.byId.set(next, schema);
    }
    return this.byId.idOfGuid(guid);
  }

  /** Entries in the in-memory caches: schemas by id, stored schemas ready for the executor (`parsed`), schemas in another `format`. */
  cacheSizes(): { readonly ids: number; readonly parsed: number; readonly formatted: number } {
    return { ids: this.byId.size, parsed: this.sourceById.size, formatted: this.formattedById.size };
  }

  /** `[{subject, version}]` using schema `id` (soft-deleted ones only with `deleted`). 40403 when unknown. */
  async getSchemaVersions(id: number, deleted: boolean): Promise<Outcome<SubjectVersion[]>> {
    if (!this.byId.has(id) && !(await this.getSchemaByIdFromStore(id)).ok) return failure(Errors.schemaNotFound(`Schema ${id} not found`));
    const versions = await this.storage.listVersionsOfSchema(id);
    return success(versions.filter((v) => deleted || !v.deleted));
  }

  /** Distinct subjects using schema `id`, sorted. 40403 when unknown. */
  async getSchemaSubjects(id: number, deleted: boolean): Promise<Outcome<string[]>> {
    const versions = await this.getSchemaVersions(id, deleted);
    if (!versions.ok) return versions;
    return success([...new Set(versions.value.map((v) => v.subject))]);
  }

  /** `GET /schemas`: versions with their schemas, by subject then version (the route pages them). */
  async listSchemas(query: ListSchemasQuery): Promise<VersionedSchema[]> {
    const filter: DeletedFilter = query.deleted === true ? "all" : "live";
    const out: VersionedSchema[] = [];
    for (const subject of await this.storage.listSubjects(filter, query.subjectPrefix ?? "")) {
      let versions = await this.storage.listVersions(subject, filter);
      if (query.latestOnly === true) versions = versions.slice(-1);
      for (const version of versions) {
        const schema = await this.schemaOf(this.storage, version.schemaId);
        if (schema !== undefined) out.push({ version, schema });
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- subjects and versions

  /** `GET /subjects`: live subjects; with `deleted` also fully soft-deleted ones; `deletedOnly` only those. */
  listSubjects(prefix: string, deleted: boolean, deletedOnly: boolean): Promise<string[]> {
    return this.storage.listSubjects(deletedOnly ? "deletedOnly" : deleted ? "all" : "live", prefix);
  }

  /**
   * `GET /subjects/{s}/versions`: version numbers (of the alias target when the subject's config has an
   * `alias`); 40401 when the subject has none under the filter.
   */
  async listVersions(subject: string, deleted: boolean, deletedOnly: boolean): Promise<Outcome<number[]>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const filter: DeletedFilter = deletedOnly ? "deletedOnly" : deleted ? "all" : "live";
    const versions = await this.storage.listVersions(await this.resolveAlias(this.storage, subject), filter);
    if (versions.length === 0) {
      // A subject whose versions are all soft-deleted is "not found" unless asked for deleted ones.
      return failure(Errors.subjectNotFound(subject));
    }
    return success(versions.map((v) => v.version));
  }

  /**
   * One version of a subject (of the alias target when the subject's config has an `alias`). `latest` is the
   * newest live version (newest of all with `deleted`). Errors: 42208 bad subject, 40401 subject without (live)
   * versions, 40402 no such (live) version.
   */
  async getVersion(subject: string, spec: VersionSpec, deleted: boolean): Promise<Outcome<VersionedSchema>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const version = await this.findVersion(this.storage, await this.resolveAlias(this.storage, subject), spec, deleted);
    if (!version.ok) return version;
    const schema = this.byId.get(version.value.schemaId) ?? (await this.storage.getSchema(version.value.schemaId));
    if (schema === undefined) return failure(Errors.schemaNotFound(`Schema ${version.value.schemaId} not found`));
    return success({ version: version.value, schema });
  }

  /**
   * `GET /subjects/{s}/metadata?key=…&value=…` (Confluent `getLatestWithMetadata`, what serializers configured
   * with `use.latest.with.metadata` ask): the newest version of the subject (of the alias target when its config
   * has an `alias`, as Confluent's `AliasFilter` rewrites every `/subjects/{s}/…` path) whose
   * `metadata.properties` hold every pair of `properties`; soft-deleted versions only with `deleted`. Errors:
   * 42208 bad subject, 40401 when the subject has no (live) versions, 40403 when none matches.
   */
  async getLatestWithMetadata(subject: string, properties: ReadonlyMap<string, string>, deleted: boolean): Promise<Outcome<VersionedSchema>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const versions = await this.storage.listVersions(await this.resolveAlias(this.storage, subject), deleted ? "all" : "live");
    if (versions.length === 0) return failure(Errors.subjectNotFound(subject));
    for (let i = versions.length - 1; i >= 0; i--) {
      const schema = await this.schemaOf(this.storage, versions[i]!.schemaId);
      if (schema !== undefined && hasProperties(schema.metadata, properties)) return success({ version: versions[i]!, schema });
    }
    return failure(Errors.schemaNotFound("Schema not found"));
  }

  /**
   * `GET /subjects/{s}/versions/{v}/messages`: the messages of an ASYNCAPI version and the derived subject, id
   * and version holding each payload (see `asyncapi-payload-subjects.ts`); `[]` for a fragment. Errors: 42208,
   * 40401, 40402 as {@link getVersion}; 42201 when the version is not an ASYNCAPI schema.
   */
  async listMessages(subject: string, spec: VersionSpec, deleted: boolean): Promise<Outcome<MessageSubjectView[]>> {
    const found = await this.getVersion(subject, spec, deleted);
    if (!found.ok) return found;
    const schema = found.value.schema;
    if (schema.schemaType !== "ASYNCAPI") {
      return failure(Errors.invalidSchema(`Subject '${subject}' version ${found.value.version.version} is a ${schema.schemaType} schema, not an AsyncAPI document`));
    }
    const source = await this.storedSource(this.storage, schema.id);
    if (!source.ok) return source;
    const payloads = taskOutcome(await this.executor.run({ kind: "messages", subject, source: source.value, limits: this.limits }), "messages");
    if (!payloads.ok) return payloads;
    return success(await listPayloadSubjects(this.storage, subject, payloads.value.payloads));
  }

  /** Ids of schemas that reference `subject`/`spec` (Confluent `referencedby`). */
  async getReferencedBy(subject: string, spec: VersionSpec, deleted: boolean): Promise<Outcome<number[]>> {
    const version = await this.findVersion(this.storage, subject, spec, deleted);
    if (!version.ok) return version;
    return success(await this.storage.listReferrers(subject, version.value.version));
  }

  private async findVersion(
    reader: StorageReader,
    subject: string,
    spec: VersionSpec,
    deleted: boolean,
  ): Promise<Outcome<SubjectVersion>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const versions = await reader.listVersions(subject, deleted ? "all" : "live");
    if (versions.length === 0) return failure(Errors.subjectNotFound(subject));
    const found = spec === "latest" ? versions.at(-1) : versions.find((v) => v.version === spec);
    return found === undefined ? failure(Errors.versionNotFound(subject, spec)) : success(found);
  }

  // ---------------------------------------------------------------- lookup, register, compatibility

  /**
   * `POST /subjects/{s}` (of the alias target when the subject's config has an `alias`): is this schema (same
   * type, canonical form, references, metadata and rule set) registered under the subject? Returns the newest
   * matching version. Confluent `lookUpSchemaUnderSubject`: when the schema as given matches nothing, its metadata
   * and rule set are completed as a registration would (from the latest version and the config's defaults and
   * overrides) and looked up again. `normalize` comes from the flag or the config. Errors: 40401 no such
   * subject, 40403 not registered there, 42201/42209 bad schema.
   */
  async lookup(subject: string, body: unknown, flags: SchemaRequestFlags): Promise<Outcome<VersionedSchema>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const request = parseSchemaRequest(body, { maxSchemaBytes: this.maxSchemaBytes });
    if (!request.ok) return request;
    const target = await this.resolveAlias(this.storage, subject);
    const versions = await this.storage.listVersions(target, flags.deleted === true ? "all" : "live");
    if (versions.length === 0) return failure(Errors.subjectNotFound(subject));
    const config = await this.configFor(this.storage, target);
    const prepared = await this.prepare(this.storage, request.value, flags.normalize === true || config.normalize === true, true, target);
    if (!prepared.ok) return prepared;
    const found = await this.findAmong(this.storage, prepared.value, request.value, versions);
    if (found !== undefined) return success(found);
    const latest = (await this.storage.listVersions(target, "live")).at(-1);
    const previous = latest === undefined ? undefined : await this.schemaOf(this.storage, latest.schemaId);
    // Confluent completes the contract without touching `confluent:version` (`maybeSetMetadataRuleSet`, no version).
    const contract = versionContract(config, request.value, previous);
    const same = contractKey(contract.metadata, contract.ruleSet) === contractKey(request.value.metadata, request.value.ruleSet);
    const completed = same ? undefined : await this.findAmong(this.storage, prepared.value, contract, versions);
    return completed === undefined ? failure(Errors.schemaNotFound("Schema not found")) : success(completed);
  }

  /**
   * The newest of `versions` holding `prepared` with this contract — exactly, else with `confluent:version` set
   * aside (`schema-lookup.ts`, Confluent `lookUpSchemaUnderSubject`); `undefined` when none.
   */
  private findAmong(
    reader: StorageReader,
    prepared: PreparedSchema,
    contract: { readonly metadata?: SchemaMetadata; readonly ruleSet?: SchemaRuleSet },
    versions: readonly SubjectVersion[],
  ): Promise<VersionedSchema | undefined> {
    const target: LookupTarget = {
      schemaType: prepared.parsed.type,
      fingerprint: prepared.parsed.fingerprint,
      referencesKey: prepared.referencesKey,
      ...(contract.metadata !== undefined ? { metadata: contract.metadata } : {}),
      ...(contract.ruleSet !== undefined ? { ruleSet: contract.ruleSet } : {}),
    };
    return findUnderSubject(reader, target, versions, (id) => this.schemaOf(reader, id));
  }

  private async schemaOf(reader: StorageReader, id: number): Promise<StoredSchema | undefined> {
    return this.byId.get(id) ?? (await reader.getSchema(id));
  }

  /**
   * `POST /subjects/{s}/versions`. In one unit of work: mode check (42205 when read-only, or an explicit `id`
   * outside IMPORT), reference resolution (42201), parse (42201), then — Confluent semantics — a schema
   * identical (text, references, metadata and rule set as given; a stored `confluent:version` set aside, see
   * `confluent-version.ts`) to a live version of the subject returns that version without a new one (in IMPORT,
   * unless the body asks for another version; with a body `version` outside IMPORT, never; with `version: -1`,
   * only the latest version); else its metadata and rule set are completed (the body's, else the latest
   * version's, merged over the config's `defaultMetadata`/`defaultRuleSet` and under its
   * `overrideMetadata`/`overrideRuleSet`; outside IMPORT `confluent:version` is set to the new version's number
   * when the body has a `version` or the metadata has one — Confluent `maybeSetMetadataRuleSet`) and, if that
   * makes it identical to a live version, that version is returned; else the compatibility check at the
   * effective level against live versions (only those in the new schema's `compatibilityGroup`, when the config
   * names one; skipped in IMPORT; 409 with the violations); then a body `version` outside IMPORT must be the next
   * version (42201 "Version is not one more than previous version"); else the schema gets the id of an identical
   * schema in any subject, or a new id, and the subject its next version. In IMPORT the body's `id`/`version` are
   * used (42207 when the schema already has another id, 42205 when the id or version is taken by something
   * else). `normalize` comes from the flag or the config.
   */
  async register(subject: string, body: unknown, flags: SchemaRequestFlags): Promise<Outcome<Registration>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const parsedRequest = parseSchemaRequest(body, { maxSchemaBytes: this.maxSchemaBytes });
    if (!parsedRequest.ok) return parsedRequest;
    const request = parsedRequest.value;
    // Parse before the unit of work, where parses of concurrent registrations run side by side on the workers
    // (units of work run one after another). Without references the result depends only on the text and the
    // normalize setting, which the unit of work checks again before using it.
    const outsideNormalize = flags.normalize === true || (await this.configFor(this.storage, subject)).normalize === true;
    const early = request.references.length === 0 ? await this.prepare(this.storage, request, outsideNormalize, false, subject) : undefined;
    const result = await this.unitOfWork(async (tx): Promise<Outcome<Registration & { created: boolean; fresh: boolean; derived: StoredSchema[] }>> => {
      const mode = await this.effectiveMode(tx, subject);
      if (isReadOnly(mode)) return failure(Errors.operationNotPermitted(`Subject ${subject} is in read-only mode`));
      const importing = mode === "IMPORT";
      // Confluent `checkRegisterMode`: only an explicit id needs IMPORT; an explicit version is checked below.
      if (!importing && request.id !== undefined) {
        return failure(Errors.operationNotPermitted(`Subject ${subject} is not in import mode: 'id' is not allowed`));
      }
      const config = await this.configFor(tx, subject);
      const normalize = flags.normalize === true || config.normalize === true;
      const prepared = early !== undefined && normalize === outsideNormalize ? early : await this.prepare(tx, request, normalize, false, subject);
      if (!prepared.ok) return prepared;
      const { parsed } = prepared.value;
      const all = await tx.listVersions(subject, "all");
      const live = all.filter((v) => !v.deleted);
      // Confluent's `newVersion`: one past the highest version the subject still has, soft-deleted ones included.
      const nextVersion = (all.at(-1)?.version ?? 0) + 1;
      // Outside IMPORT an explicit version (or -1, "latest") is Confluent's explicit versioning (`confluent-version.ts`).
      const explicitVersion = importing ? undefined : request.version;
      const latestOnly = !importing && request.latestVersion === true;
      // Confluent: an identical live version is the answer, unless an import asks for another id or version, or
      // the request names its version (then only "latest" may answer, with the latest version).
      const sameVersion = (found: VersionedSchema | undefined): found is VersionedSchema =>
        found !== undefined &&
        (request.id === undefined || request.id === found.schema.id) &&
        (request.version === undefined || request.version === found.version.version);
      const existingVersion = (found: VersionedSchema) =>
        success({ id: found.schema.id, version: found.version.version, schema: found.schema, created: false, fresh: false, derived: [] as StoredSchema[] });
      if (explicitVersion === undefined) {
        const asGiven = await this.findAmong(tx, prepared.value, request, latestOnly ? live.slice(-1) : live);
        if (sameVersion(asGiven)) return existingVersion(asGiven);
      }
      const previous = live.length === 0 ? undefined : await this.schemaOf(tx, live.at(-1)!.schemaId);
      const contract = versionContract(config, request, previous);
      // Confluent `maybeSetMetadataRuleSet`: with an explicit version (or -1), or a `confluent:version` already in
      // the merged metadata (sent, inherited or from the config), it is set to the number the version gets.
      const numbered = !importing && (explicitVersion !== undefined || latestOnly || hasConfluentVersion(contract.metadata));
      if (numbered) contract.metadata = withConfluentVersion(contract.metadata, nextVersion);
      const key = contractKey(contract.metadata, contract.ruleSet);
      if (key !== contractKey(request.metadata, request.ruleSet) && explicitVersion === undefined && !latestOnly) {
        const completed = await this.findAmong(tx, prepared.value, contract, live);
        if (sameVersion(completed)) return existingVersion(completed);
      }
      const existingId = await tx.findSchemaId(parsed.type, parsed.fingerprint, prepared.value.referencesKey, key);
      if (importing && request.id !== undefined && existingId !== undefined && existingId !== request.id) {
        return failure(Errors.idDoesNotMatch(existingId, request.id));
      }
      const existing = existingId === undefined ? undefined : await tx.getSchema(existingId);
      if (!importing) {
        const against = await this.inCompatibilityGroup(tx, config, contract.metadata, live);
        const verdict = await this.check(tx, config, prepared.value.source, against);
        if (!verdict.ok) return verdict;
        if (!verdict.value.compatible) {
          return failure(Errors.incompatibleSchema(incompatibleMessage(subject, verdict.value.violations, config.compatibilityLevel)));
        }
      }
      if (explicitVersion !== undefined && explicitVersion !== nextVersion) {
        // Confluent `register`: InvalidSchemaException (422 / 42201), after the compatibility check.
        return failure(Errors.invalidSchema(`Version is not one more than previous version: subject ${subject} would get version ${nextVersion}, not ${explicitVersion}`));
      }
      let lint: readonly LintFinding[] = [];
      if (!importing && (config.lint === "error" || config.lint === "warn")) {
        const linted = await this.lint(tx, config.lint, subject, prepared.value.source, live);
        if (!linted.ok) return linted;
        lint = linted.value;
      }
      // The version first: on a store shared by instances the id counter stays locked until commit, so it is
      // taken as late as possible.
      let version: number;
      if (numbered) {
        // The number `confluent:version` holds (one past every version the subject has, as its counter is).
        version = nextVersion;
        await tx.reserveVersion(subject, version);
      } else if (request.version !== undefined) {
        if ((await tx.getVersion(subject, request.version)) !== undefined) {
          return failure(Errors.operationNotPermitted(`Version ${request.version} already exists in subject ${subject}`));
        }
        version = request.version;
        await tx.reserveVersion(subject, version);
      } else {
        version = await tx.allocateVersion(subject);
      }
      let id = existing?.id;
      const created = existing === undefined;
      if (id === undefined) {
        if (request.id !== undefined) {
          if ((await tx.getSchema(request.id)) !== undefined) {
            return failure(Errors.operationNotPermitted(`Overwrite new schema with id ${request.id} is not permitted.`));
          }
          id = request.id;
          await tx.reserveSchemaId(id);
        } else {
          id = await tx.allocateSchemaId();
        }
      }
      const schema: StoredSchema = existing ?? {
        id,
        schemaType: parsed.type,
        fingerprint: parsed.fingerprint,
        referencesKey: prepared.value.referencesKey,
        text: prepared.value.text,
        references: prepared.value.references,
        contractKey: key,
        ...(contract.metadata !== undefined ? { metadata: contract.metadata } : {}),
        ...(contract.ruleSet !== undefined ? { ruleSet: contract.ruleSet } : {}),
      };
      if (created) await tx.insertSchema(schema);
      await tx.insertVersion({ subject, version, schemaId: id, deleted: false });
      // ASYNCAPI: each message payload in its own subject, in this same unit of work (asyncapi-payload-subjects.ts).
      // IMPORT copies another registry's subjects, derived ones included, so nothing is derived then.
      let derived: StoredSchema[] = [];
      if (parsed.type === "ASYNCAPI" && !importing) {
        const payloads = await registerPayloadSubjects(tx, subject, parsed.payloads, async (s) => isReadOnly(await this.effectiveMode(tx, s)));
        if (!payloads.ok) return payloads;
        derived = payloads.value;
      }
      return success({ id, version, schema, created, fresh: true, derived, ...(lint.length > 0 ? { lint } : {}) });
    });
    const counts = this.stats.registrations;
    if (!result.ok) {
      if (result.error.status === 409) counts.incompatible++;
      else counts.rejected++;
      return result;
    }
    if (result.value.fresh) counts.created++;
    else counts.existing++;
    // After the commit: the in-memory read path learns the new ids.
    if (result.value.created) this.byId.set(result.value.id, result.value.schema);
    for (const d of result.value.derived) this.byId.set(d.id, d);
    const { id, version, schema, lint } = result.value;
    return success({ id, version, schema, ...(lint !== undefined ? { lint } : {}) });
  }

  /**
   * Charter extension: the lint rules (docs/lint.md) on a new version, against the subject's latest live
   * version of the same type. `error` mode refuses error findings (422 / 42280, the message listing each rule
   * id, path and line) and answers the warnings; `warn` mode answers every finding.
   */
  private async lint(reader: StorageReader, mode: "error" | "warn", subject: string, next: SchemaSource, live: readonly SubjectVersion[]): Promise<Outcome<readonly LintFinding[]>> {
    let previous: SchemaSource | undefined;
    const latest = live.at(-1);
    if (latest !== undefined) {
      const source = await this.storedSource(reader, latest.schemaId);
      if (source.ok && source.value.schemaType === next.schemaType) previous = source.value;
    }
    const linted = taskOutcome(await this.executor.run({ kind: "lint", next, ...(previous ? { previous } : {}), limits: this.limits }), "linted");
    if (!linted.ok) return linted;
    const findings = linted.value.findings;
    const errors = findings.filter((f) => f.severity === "error");
    if (mode === "error" && errors.length > 0) {
      const list = errors.map((f) => `${f.rule} at ${f.path || "/"}${f.line !== undefined ? ` (line ${f.line})` : ""}: ${f.message}`).join("; ");
      return failure(Errors.lintRefused(`Schema being registered breaks lint rules of subject '${subject}' (lint=error): ${list}`));
    }
    return success(mode === "error" ? findings.filter((f) => f.severity !== "error") : findings);
  }

  /**
   * Confluent `compatibilityGroup`: with a group configured, only versions whose `metadata.properties[group]`
   * equals the new schema's (both possibly absent) take part in the check.
   */
  private async inCompatibilityGroup(
    reader: StorageReader,
    config: EffectiveConfig,
    metadata: SchemaMetadata | undefined,
    versions: readonly SubjectVersion[],
  ): Promise<SubjectVersion[]> {
    const group = config.compatibilityGroup;
    if (group === undefined) return [...versions];
    const value = metadata?.properties?.[group];
    const out: SubjectVersion[] = [];
    for (const v of versions) {
      if ((await this.schemaOf(reader, v.schemaId))?.metadata?.properties?.[group] === value) out.push(v);
    }
    return out;
  }

  /**
   * `POST /compatibility/subjects/{s}/versions[/{v}]`. With a version: checks against that live version only
   * (Confluent: not transitive; 40401/40402 when missing). Without: the same check as register (transitive levels
   * walk every live version of the schema's `compatibilityGroup`; an empty subject is compatible). Uses the
   * subject's (else global) config; `normalize` from the flag or the config.
   */
  async testCompatibility(
    subject: string,
    spec: VersionSpec | undefined,
    body: unknown,
    flags: SchemaRequestFlags,
  ): Promise<Outcome<CompatibilityAnswer>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const request = parseSchemaRequest(body, { maxSchemaBytes: this.maxSchemaBytes });
    if (!request.ok) return request;
    const config = await this.configFor(this.storage, subject);
    let against: SubjectVersion[];
    if (spec === undefined) {
      against = await this.inCompatibilityGroup(this.storage, config, request.value.metadata, await this.storage.listVersions(subject, "live"));
    } else {
      const version = await this.findVersion(this.storage, subject, spec, false);
      if (!version.ok) return version;
      against = [version.value];
    }
    const prepared = await this.prepare(this.storage, request.value, flags.normalize === true || config.normalize === true, false, subject);
    if (!prepared.ok) return prepared;
    const verdict = await this.check(this.storage, config, prepared.value.source, against);
    if (!verdict.ok) return verdict;
    return success({
      is_compatible: verdict.value.compatible,
      ...(flags.verbose === true ? { messages: verdict.value.compatible ? [] : violationMessages(verdict.value.violations, config.compatibilityLevel) } : {}),
    });
  }

  /**
   * Resolves references and parses a request's schema with its engine (42201 for any engine error, or when the
   * parse runs over its budget). With `subject`, an ASYNCAPI document's message payloads come back too.
   */
  private async prepare(
    reader: StorageReader,
    request: SchemaRequest,
    normalize: boolean,
    includeDeletedReferences: boolean,
    subject?: string,
  ): Promise<Outcome<PreparedSchema>> {
    if (this.formats(request.schemaType) === undefined) {
      return failure(Errors.invalidSchema(`Unknown schema type '${request.schemaType}'; supported: ${this.schemaTypes().join(", ")}`));
    }
    if (request.schemaType === "PROTOBUF" && subject !== undefined && request.references.length > 0) {
      // Protobuf: references leading back to the subject itself are an import cycle (see protobuf-schemas.ts).
      const cycle = await findReferenceCycle(reader, subject, request.references);
      if (cycle !== undefined) return failure(fromContractError(referenceCycleError(subject, request.schema, cycle)));
    }
    const refs = await resolveReferences(reader, request.references, { includeDeleted: includeDeletedReferences });
    if (!refs.ok) return refs;
    const source: SchemaSource = { schemaType: request.schemaType, text: request.schema, references: refs.value.resolved };
    const task: SchemaTask = { kind: "prepare", source, limits: this.limits, ...(subject !== undefined && request.schemaType === "ASYNCAPI" ? { subject } : {}) };
    const parsed = taskOutcome(await this.executor.run(task), "prepared");
    if (!parsed.ok) return parsed;
    const view = parsed.value.prepared;
    // Protobuf is stored as the engine's `text`: the text as given, or for a schema given as base64
    // FileDescriptorProto (what the Confluent serializers register) the .proto text printed from it, so reads
    // without format=serialized return .proto text as Confluent does.
    const given = view.type === "PROTOBUF" ? view.text : request.schema;
    return success({
      parsed: view,
      source,
      references: refs.value.stored,
      referencesKey: referencesKey(refs.value.stored),
      text: normalize ? view.canonical : given,
    });
  }

  /**
   * A stored schema in the `format` a read asks for (Confluent's `format` query parameter). PROTOBUF with
   * `serialized`: `text` becomes base64 of the schema's `FileDescriptorProto` (references unchanged, as stored).
   * AVRO with `resolved`: `text` is the schema with every referenced named type defined inline at its first
   * use (Confluent `AvroSchema.formattedString("resolved")`), so it stands alone; references unchanged.
   * Anything else is returned as stored. Cached by id and format (ids are immutable). A stored schema that no
   * longer parses is a store error (500).
   */
  async inFormat(schema: StoredSchema, format: string): Promise<Outcome<StoredSchema>> {
    const wanted =
      schema.schemaType === "PROTOBUF" && format === SERIALIZED_FORMAT ? "serialized" : schema.schemaType === "AVRO" && format === "resolved" ? "resolved" : undefined;
    if (wanted === undefined) return success(schema);
    const cacheKey = `${wanted}:${schema.id}`;
    const cached = this.formattedById.get(cacheKey);
    if (cached !== undefined) return success(cached);
    const source = await this.storedSource(this.storage, schema.id);
    if (!source.ok) return source;
    const formatted = taskOutcome(await this.executor.run({ kind: "formatted", format: wanted, source: source.value, limits: this.limits }), "formatted");
    if (!formatted.ok) return formatted;
    const out: StoredSchema = { ...schema, text: formatted.value.text };
    this.formattedById.set(cacheKey, out);
    return success(out);
  }

  /**
   * A stored schema with its references resolved, for the executor (cached by id; ids are immutable; counted as
   * the `parsed` cache: the parsed schemas themselves are cached by the workers). Missing: a store error.
   */
  private async storedSource(reader: StorageReader, id: number): Promise<Outcome<SchemaSource>> {
    const cached = this.sourceById.get(id);
    if (cached !== undefined) {
      this.stats.cache.parsed.hits++;
      return success(cached);
    }
    this.stats.cache.parsed.misses++;
    const schema = this.byId.get(id) ?? (await reader.getSchema(id));
    if (schema === undefined) return failure(Errors.storeError());
    const refs = await resolveReferences(reader, schema.references, { includeDeleted: true });
    if (!refs.ok) return failure(Errors.storeError());
    const source: SchemaSource = { schemaType: schema.schemaType, text: schema.text, references: refs.value.resolved };
    this.sourceById.set(id, source);
    return success(source);
  }

  /**
   * `checkLevel` at the config's level of `next` against `versions` (oldest → latest, as `listVersions` returns
   * them; one version for the single-version compatibility endpoint), run by the executor; non-transitive levels
   * only need the latest. `config.compatibilityPolicy` is the policy the engines apply (issue 11).
   */
  private async check(
    reader: StorageReader,
    config: EffectiveConfig,
    next: SchemaSource,
    versions: readonly SubjectVersion[],
  ): Promise<Outcome<LevelVerdict>> {
    const level = config.compatibilityLevel;
    if (level === "NONE" || versions.length === 0) {
      this.countCheck(level, true);
      return success({ compatible: true, violations: [] });
    }
    const needed = level.endsWith("_TRANSITIVE") ? versions : versions.slice(-1);
    const previous: Array<{ version: number; source: SchemaSource }> = [];
    for (const v of needed) {
      const source = await this.storedSource(reader, v.schemaId);
      if (!source.ok) return source;
      previous.push({ version: v.version, source: source.value });
    }
    // Confluent's `compatibilityPolicy` (STRICT/LENIENT for JSON Schema; the engines document theirs) reaches
    // every engine as `policy.compatibilityPolicy`; unset, each engine applies its default.
    const policy = config.compatibilityPolicy;
    const options = typeof policy === "string" && policy !== "" ? { policy: { compatibilityPolicy: policy } } : undefined;
    const verdict = taskOutcome(await this.executor.run({ kind: "check", level, next, previous, limits: this.limits, ...(options ? { options } : {}) }), "verdict");
    if (!verdict.ok) return verdict;
    this.countCheck(level, verdict.value.verdict.compatible);
    return success(verdict.value.verdict);
  }

  private countCheck(level: CompatibilityLevel, compatible: boolean): void {
    const key = `${level}|${compatible ? "compatible" : "incompatible"}`;
    this.stats.checks.set(key, (this.stats.checks.get(key) ?? 0) + 1);
  }

  // ---------------------------------------------------------------- deletion

  /**
   * `DELETE /subjects/{s}`. Soft: marks every live version deleted and returns their numbers (40404 when all
   * already are). Permanent: removes every version, which must all be soft-deleted first (40405), plus the
   * subject's config and mode. Either way 42206 when another schema references one of the versions, 40401 when
   * the subject has no versions, 42205 in read-only mode. Ids whose last version goes are dropped (40403 after).
   */
  async deleteSubject(subject: string, permanent: boolean): Promise<Outcome<number[]>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const result = await this.unitOfWork(async (tx): Promise<Outcome<{ versions: number[]; dropped: number[] }>> => {
      if (isReadOnly(await this.effectiveMode(tx, subject))) {
        return failure(Errors.operationNotPermitted(`Subject ${subject} is in read-only mode`));
      }
      const all = await tx.listVersions(subject, "all");
      if (all.length === 0) return failure(Errors.subjectNotFound(subject));
      const live = all.filter((v) => !v.deleted);
      if (!permanent && live.length === 0) return failure(Errors.subjectSoftDeleted(subject));
      if (permanent && live.length > 0) return failure(Errors.subjectNotSoftDeleted(subject));
      const targets = permanent ? all : live;
      for (const v of targets) {
        const referrers = await tx.listReferrers(subject, v.version);
        if (referrers.length > 0) {
          return failure(Errors.referenceExists(`One or more references exist to the schema {subject=${subject}, version=${v.version}}: ids ${referrers.join(", ")}`));
        }
      }
      if (!permanent) {
        for (const v of targets) await tx.setVersionDeleted(subject, v.version, true);
        return success({ versions: targets.map((v) => v.version), dropped: [] });
      }
      for (const v of targets) await tx.deleteVersion(subject, v.version);
      await tx.setConfig(subject, undefined);
      await tx.setSubjectMode(subject, undefined);
      const dropped = await this.dropUnused(tx, targets);
      return success({ versions: targets.map((v) => v.version), dropped });
    });
    if (!result.ok) return result;
    this.forget(result.value.dropped);
    return success(result.value.versions);
  }

  /**
   * `DELETE /subjects/{s}/versions/{v}`. Soft: 40406 when already soft-deleted. Permanent: 40407 unless
   * soft-deleted first. 42206 when referenced; 40401/40402 when missing; 42205 in read-only mode. `latest` is
   * the newest live version (soft) or the newest version (permanent). Returns the version number.
   */
  async deleteVersion(subject: string, spec: VersionSpec, permanent: boolean): Promise<Outcome<number>> {
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const result = await this.unitOfWork(async (tx): Promise<Outcome<{ version: number; dropped: number[] }>> => {
      if (isReadOnly(await this.effectiveMode(tx, subject))) {
        return failure(Errors.operationNotPermitted(`Subject ${subject} is in read-only mode`));
      }
      const all = await tx.listVersions(subject, "all");
      if (all.length === 0) return failure(Errors.subjectNotFound(subject));
      const candidates = permanent ? all : all.filter((v) => !v.deleted);
      const target = spec === "latest" ? candidates.at(-1) : all.find((v) => v.version === spec);
      if (target === undefined) return failure(Errors.versionNotFound(subject, spec));
      if (!permanent && target.deleted) return failure(Errors.versionSoftDeleted(subject, target.version));
      if (permanent && !target.deleted) return failure(Errors.versionNotSoftDeleted(subject, target.version));
      const referrers = await tx.listReferrers(subject, target.version);
      if (referrers.length > 0) {
        return failure(Errors.referenceExists(`One or more references exist to the schema {subject=${subject}, version=${target.version}}: ids ${referrers.join(", ")}`));
      }
      if (!permanent) {
        await tx.setVersionDeleted(subject, target.version, true);
        return success({ version: target.version, dropped: [] });
      }
      await tx.deleteVersion(subject, target.version);
      return success({ version: target.version, dropped: await this.dropUnused(tx, [target]) });
    });
    if (!result.ok) return result;
    this.forget(result.value.dropped);
    return success(result.value.version);
  }

  /** Deletes the schemas of `removed` versions that no version uses any more; returns their ids. */
  private async dropUnused(tx: StorageTransaction, removed: readonly SubjectVersion[]): Promise<number[]> {
    const dropped: number[] = [];
    for (const id of new Set(removed.map((v) => v.schemaId))) {
      if ((await tx.listVersionsOfSchema(id)).length === 0) {
        await tx.deleteSchema(id);
        dropped.push(id);
      }
    }
    return dropped;
  }

  private forget(ids: readonly number[]): void {
    for (const id of ids) {
      this.byId.delete(id);
      this.sourceById.delete(id);
      this.formattedById.delete(`serialized:${id}`);
      this.formattedById.delete(`resolved:${id}`);
    }
  }

  // ---------------------------------------------------------------- config

  /** The config in force for `subject` (its own fields over the global ones, the default level last). */
  private async configFor(reader: StorageReader, subject: string): Promise<EffectiveConfig> {
    return effectiveConfig(await reader.getConfig(subject), await reader.getConfig(undefined), this.defaultCompatibility);
  }

  /** The subject reads are served from: its config's `alias` when set (Confluent subject aliases), else itself. */
  private async resolveAlias(reader: StorageReader, subject: string): Promise<string> {
    return (await reader.getConfig(subject))?.alias ?? subject;
  }

  /**
   * `GET /config[/{s}]`. Global: the global config, its level defaulted to the registry's. Subject: its own
   * config; without one, the config in force (its fields over the global ones) when `defaultToGlobal`, else
   * 40408. Confluent `ConfigResource`.
   */
  async getConfig(subject: string | undefined, defaultToGlobal: boolean): Promise<Outcome<SubjectConfig>> {
    const global = await this.storage.getConfig(undefined);
    if (subject === undefined) return success(effectiveConfig(undefined, global, this.defaultCompatibility));
    const name = validateSubject(subject);
    if (!name.ok) return name;
    const own = await this.storage.getConfig(subject);
    if (defaultToGlobal) return success(effectiveConfig(own, global, this.defaultCompatibility));
    return own !== undefined ? success(own) : failure(Errors.subjectCompatibilityNotConfigured(subject));
  }

  /**
   * `PUT /config[/{s}]` with any subset of Confluent's `ConfigUpdateRequest` fields (see `parseConfigUpdate`):
   * fields in the body replace the stored ones, `null` clears one, the rest are kept. Returns the whole config
   * now stored. 42203/42210/422 for bad fields, 42208 for a bad subject or `alias`, 42205 in read-only mode
   * (Confluent `updateConfig`). A subject need not exist yet.
   */
  async setConfig(subject: string | undefined, body: unknown): Promise<Outcome<SubjectConfig>> {
    if (subject !== undefined) {
      const name = validateSubject(subject);
      if (!name.ok) return name;
    }
    const update = parseConfigUpdate(body);
    if (!update.ok) return update;
    if (typeof update.value.alias === "string") {
      const alias = validateSubject(update.value.alias);
      if (!alias.ok) return alias;
    }
    return this.unitOfWork(async (tx): Promise<Outcome<SubjectConfig>> => {
      const global = await tx.getGlobalMode();
      const mode = subject === undefined ? (global ?? DEFAULT_MODE) : await this.effectiveMode(tx, subject);
      if (isReadOnly(mode)) return failure(Errors.operationNotPermitted(`${subject === undefined ? "The registry" : `Subject ${subject}`} is in read-only mode`));
      const next = applyConfigUpdate(await tx.getConfig(subject), update.value);
      await tx.setConfig(subject, next);
      return success(next ?? {});
    });
  }

  /**
   * `DELETE /config[/{s}]`: clears the config and returns the one stored before (global: with its level
   * defaulted, and the registry default applies again; subject: 40408 when it had none).
   */
  async deleteConfig(subject: string | undefined): Promise<Outcome<SubjectConfig>> {
    if (subject !== undefined) {
      const name = validateSubject(subject);
      if (!name.ok) return name;
    }
    return this.unitOfWork(async (tx): Promise<Outcome<SubjectConfig>> => {
      const before = await tx.getConfig(subject);
      if (subject !== undefined && before === undefined) return failure(Errors.subjectCompatibilityNotConfigured(subject));
      await tx.setConfig(subject, undefined);
      return success(subject === undefined ? effectiveConfig(undefined, before, this.defaultCompatibility) : before!);
    });
  }

  /**
   * `GET /schemas/ids/{id}?fetchMaxId=true`: the highest schema id allocated so far (Confluent `maxId`, which
   * lets a client know whether an id it has not seen can exist yet).
   */
  getMaxSchemaId(): Promise<number> {
    return this.storage.getMaxSchemaId();
  }

  // ---------------------------------------------------------------- mode

  /** The mode in force for `subject`. Confluent `getModeInScope`: a global READONLY_OVERRIDE beats subject modes. */
  private async effectiveMode(reader: StorageReader, subject: string): Promise<Mode> {
    const global = await reader.getGlobalMode();
    if (global === "READONLY_OVERRIDE") return global;
    return (await reader.getSubjectMode(subject)) ?? global ?? DEFAULT_MODE;
  }

  /** `GET /mode[/{s}]`, like {@link getCompatibility} (40409 for a subject without its own mode). */
  async getMode(subject: string | undefined, defaultToGlobal: boolean): Promise<Outcome<Mode>> {
    const global = (await this.storage.getGlobalMode()) ?? DEFAULT_MODE;
    if (subject === undefined) return success(global);
    const name = validateSubject(subject);
    if (!name.ok) return name;
    if (global === "READONLY_OVERRIDE") return success(global);
    const own = await this.storage.getSubjectMode(subject);
    if (own !== undefined) return success(own);
    return defaultToGlobal ? success(global) : failure(Errors.subjectModeNotConfigured(subject));
  }

  /**
   * `PUT /mode[/{s}]` with `{mode}` (case-insensitive; 42204 otherwise). Entering IMPORT while live (not
   * soft-deleted) schemas exist (any subject globally, the subject itself otherwise) is 42205 unless `force` or
   * the scope is already in IMPORT (Confluent: "Cannot import since found existing subjects"). Mode changes are allowed in read-only mode (else it could never be left).
   */
  async setMode(subject: string | undefined, body: unknown, force: boolean): Promise<Outcome<Mode>> {
    if (subject !== undefined) {
      const name = validateSubject(subject);
      if (!name.ok) return name;
    }
    const raw = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).mode : undefined;
    const mode = typeof raw === "string" ? raw.toUpperCase() : raw;
    if (!isMode(mode)) return failure(Errors.invalidMode(raw));
    return this.unitOfWork(async (tx): Promise<Outcome<Mode>> => {
      // Confluent: only live subjects block IMPORT, and a scope already in IMPORT is not checked again.
      const current = subject === undefined ? ((await tx.getGlobalMode()) ?? DEFAULT_MODE) : await this.effectiveMode(tx, subject);
      if (mode === "IMPORT" && !force && current !== "IMPORT") {
        const live = subject === undefined ? (await tx.listSubjects("live")).length : (await tx.listVersions(subject, "live")).length;
        if (live > 0) {
          return failure(Errors.operationNotPermitted("Cannot import since found existing subjects; use force=true to override"));
        }
      }
      if (subject === undefined) await tx.setGlobalMode(mode);
      else await tx.setSubjectMode(subject, mode);
      return success(mode);
    });
  }

  /** `DELETE /mode[/{s}]`: clears the mode and returns the one before (global: back to READWRITE; subject: 40409 when none). */
  async deleteMode(subject: string | undefined): Promise<Outcome<Mode>> {
    if (subject !== undefined) {
      const name = validateSubject(subject);
      if (!name.ok) return name;
    }
    return this.unitOfWork(async (tx): Promise<Outcome<Mode>> => {
      if (subject === undefined) {
        const before = (await tx.getGlobalMode()) ?? DEFAULT_MODE;
        await tx.setGlobalMode(undefined);
        return success(before);
      }
      const before = await tx.getSubjectMode(subject);
      if (before === undefined) return failure(Errors.subjectModeNotConfigured(subject));
      await tx.setSubjectMode(subject, undefined);
      return success(before);
    });
  }
}
