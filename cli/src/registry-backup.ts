/**
 * Copying a whole registry through the Confluent REST API: {@link readRegistry} reads every subject, version
 * (soft-deleted ones included), schema, config and mode of a Confluent-compatible registry into a
 * {@link RegistryBackup}; {@link writeRegistry} replays one into a registry in IMPORT mode with the same ids and
 * versions; {@link verifyRegistry} compares a registry with a backup id by id. `charter export`, `import` and
 * `migrate` are these three.
 */
import { mapLimit, RegistryClient, RegistryHttpError, subjectPath } from "./registry-client.js";

/** A schema reference as stored: concrete version. */
export interface BackupReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** One schema, by id. `schemaType` is always spelled out (AVRO too). */
export interface BackupSchema {
  readonly id: number;
  readonly schemaType: string;
  readonly schema: string;
  readonly references: readonly BackupReference[];
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** One version of a subject and the schema id it holds. */
export interface BackupVersion {
  readonly version: number;
  readonly id: number;
  readonly deleted: boolean;
}

/** One subject: its versions (ascending), and its own config and mode when it has them. */
export interface BackupSubject {
  readonly subject: string;
  readonly versions: readonly BackupVersion[];
  /** The subject's own config as `GET /config/{subject}` answers it (`compatibilityLevel`, `normalize`, …). */
  readonly config?: Record<string, unknown>;
  readonly mode?: string;
}

/**
 * `charter export`'s file (JSON): format `charter-backup` version 1. Schemas are listed once by id, subjects
 * name the ids of their versions, so a schema shared by subjects is stored once and keeps its id.
 */
export interface RegistryBackup {
  readonly format: "charter-backup";
  readonly version: 1;
  readonly exportedAt: string;
  /** The registry read (URL without credentials). */
  readonly source: string;
  /** The global config (`GET /config`) and mode (`GET /mode`); absent when the registry has no such endpoint. */
  readonly config?: Record<string, unknown>;
  readonly mode?: string;
  readonly schemas: readonly BackupSchema[];
  readonly subjects: readonly BackupSubject[];
}

/** Progress of a long step: `done` of `total` items, with a label for the current one. */
export type Progress = (done: number, total: number, label: string) => void;

interface VersionAnswer {
  readonly id: number;
  readonly schemaType?: string;
  readonly schema: string;
  readonly references?: readonly BackupReference[];
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** How many requests run at once while reading or verifying. */
const PARALLEL = 8;

/**
 * Reads a whole registry: subjects with `deleted=true`, each version with `deleted=true` (a version missing from
 * the plain listing is soft-deleted), each subject's own config and mode (a 404 means none; registries without
 * `/mode` — Karapace — are fine), the global config and mode. Throws {@link RegistryHttpError} on other failures.
 */
export async function readRegistry(client: RegistryClient, progress: Progress = () => {}): Promise<RegistryBackup> {
  const names = (await client.call<string[]>("GET", "/subjects?deleted=true")).sort();
  const schemas = new Map<number, BackupSchema>();
  let done = 0;
  const subjects = await mapLimit(names, PARALLEL, async (subject): Promise<BackupSubject> => {
    const path = `/subjects/${subjectPath(subject)}`;
    const all = (await client.optional<number[]>("GET", `${path}/versions?deleted=true`)) ?? [];
    const live = new Set((await client.optional<number[]>("GET", `${path}/versions`)) ?? []);
    const versions: BackupVersion[] = [];
    for (const version of [...all].sort((a, b) => a - b)) {
      const answer = await client.call<VersionAnswer>("GET", `${path}/versions/${version}?deleted=true`);
      if (!schemas.has(answer.id)) {
        schemas.set(answer.id, {
          id: answer.id,
          schemaType: answer.schemaType ?? "AVRO",
          schema: answer.schema,
          references: (answer.references ?? []).map((r) => ({ name: r.name, subject: r.subject, version: r.version })),
          ...(answer.metadata !== undefined && answer.metadata !== null ? { metadata: answer.metadata } : {}),
          ...(answer.ruleSet !== undefined && answer.ruleSet !== null ? { ruleSet: answer.ruleSet } : {}),
        });
      }
      versions.push({ version, id: answer.id, deleted: !live.has(version) });
    }
    const config = await optionalSetting<Record<string, unknown>>(client, `/config/${subjectPath(subject)}`);
    const mode = await optionalSetting<{ mode: string }>(client, `/mode/${subjectPath(subject)}`);
    progress(++done, names.length, subject);
    return { subject, versions, ...(config !== undefined ? { config } : {}), ...(mode !== undefined ? { mode: mode.mode } : {}) };
  });
  const config = await optionalSetting<Record<string, unknown>>(client, "/config");
  const mode = await optionalSetting<{ mode: string }>(client, "/mode");
  return {
    format: "charter-backup",
    version: 1,
    exportedAt: new Date().toISOString(),
    source: client.endpoint.url,
    ...(config !== undefined ? { config } : {}),
    ...(mode !== undefined ? { mode: mode.mode } : {}),
    schemas: [...schemas.values()].sort((a, b) => a.id - b.id),
    subjects,
  };
}

/** A setting that may be absent (404) or unsupported by the registry (404/405/501 on the route). */
async function optionalSetting<T>(client: RegistryClient, path: string): Promise<T | undefined> {
  try {
    return await client.call<T>("GET", path);
  } catch (e) {
    if (e instanceof RegistryHttpError && (e.status === 404 || e.status === 405 || e.status === 501)) return undefined;
    throw e;
  }
}

/**
 * Checks that `value` is a {@link RegistryBackup} (format, version, and the shape of every schema and subject),
 * so a wrong or truncated file fails before anything is written. Throws with the first problem found.
 */
export function validateBackup(value: unknown): RegistryBackup {
  const fail = (why: string): never => {
    throw new Error(`not a Charter backup: ${why}`);
  };
  if (typeof value !== "object" || value === null) fail("not a JSON object");
  const b = value as Partial<RegistryBackup>;
  if (b.format !== "charter-backup" || b.version !== 1) fail("expected format 'charter-backup' version 1");
  if (!Array.isArray(b.schemas) || !Array.isArray(b.subjects)) fail("'schemas' and 'subjects' must be arrays");
  const ids = new Set<number>();
  for (const s of b.schemas!) {
    if (!Number.isInteger(s?.id) || typeof s.schema !== "string" || typeof s.schemaType !== "string" || !Array.isArray(s.references)) {
      fail(`schema entry ${JSON.stringify(s?.id)} is malformed`);
    }
    ids.add(s.id);
  }
  for (const subject of b.subjects!) {
    if (typeof subject?.subject !== "string" || !Array.isArray(subject.versions)) fail("a subject entry is malformed");
    for (const v of subject.versions) {
      if (!Number.isInteger(v?.version) || !Number.isInteger(v.id) || typeof v.deleted !== "boolean") fail(`subject '${subject.subject}' has a malformed version`);
      if (!ids.has(v.id)) fail(`subject '${subject.subject}' version ${v.version} names schema ${v.id}, which the backup does not hold`);
    }
  }
  return b as RegistryBackup;
}

/** A version to register, with what it needs registered first. */
interface Step {
  readonly subject: string;
  readonly version: BackupVersion;
  readonly schema: BackupSchema;
}

/**
 * The registration order: every version after the versions its schema references (Kahn's algorithm), ties by
 * schema id, then subject, then version — so references always exist when a referrer is registered, and an
 * import replays history in roughly the order it was written.
 */
export function registrationOrder(backup: RegistryBackup): Step[] {
  const schemas = new Map(backup.schemas.map((s) => [s.id, s]));
  const key = (subject: string, version: number) => `${version}@${subject}`;
  const steps = new Map<string, Step>();
  for (const s of backup.subjects) for (const v of s.versions) steps.set(key(s.subject, v.version), { subject: s.subject, version: v, schema: schemas.get(v.id)! });
  const waitingOn = new Map<string, number>();
  const dependants = new Map<string, string[]>();
  for (const [k, step] of steps) {
    const deps = step.schema.references.map((r) => key(r.subject, r.version)).filter((d) => steps.has(d) && d !== k);
    waitingOn.set(k, deps.length);
    for (const d of deps) dependants.set(d, [...(dependants.get(d) ?? []), k]);
  }
  const order = (a: Step, b: Step) => a.schema.id - b.schema.id || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) || a.version.version - b.version.version;
  const ready = [...steps].filter(([k]) => waitingOn.get(k) === 0).map(([, s]) => s).sort(order);
  const out: Step[] = [];
  while (ready.length > 0) {
    const step = ready.shift()!;
    out.push(step);
    for (const d of dependants.get(key(step.subject, step.version.version)) ?? []) {
      const left = waitingOn.get(d)! - 1;
      waitingOn.set(d, left);
      if (left === 0) {
        ready.push(steps.get(d)!);
        ready.sort(order);
      }
    }
  }
  // References to versions the backup does not hold, or a cycle: register the rest in plain order and let the
  // target registry say what is wrong.
  if (out.length < steps.size) {
    const placed = new Set(out.map((s) => key(s.subject, s.version.version)));
    out.push(...[...steps.values()].filter((s) => !placed.has(key(s.subject, s.version.version))).sort(order));
  }
  return out;
}

/** Options of {@link writeRegistry}. */
export interface WriteOptions {
  /** Enter IMPORT mode even when the target already has live subjects (`force=true`). */
  readonly force?: boolean;
  readonly progress?: Progress;
}

/** What {@link writeRegistry} did. */
export interface WriteReport {
  readonly registered: number;
  /** Versions the target already held with the same id (a resumed copy). */
  readonly skipped: number;
  readonly softDeleted: number;
  readonly configs: number;
  readonly modes: number;
}

/**
 * Replays a backup into a registry through its REST API: global mode IMPORT (refused by the target when it
 * has live subjects, unless `force`; a target already in IMPORT — an interrupted copy — is resumed), then every
 * version in {@link registrationOrder} with its `id` and `version` (a version the target already holds with the
 * same id is skipped; with another id it is an error), then the soft deletes, then configs, subject modes and
 * finally the global mode the backup had (READWRITE when it had none). Throws {@link RegistryHttpError} with
 * the target's answer on the first failure; running again continues from there.
 */
export async function writeRegistry(client: RegistryClient, backup: RegistryBackup, options: WriteOptions = {}): Promise<WriteReport> {
  const progress = options.progress ?? (() => {});
  await client.call("PUT", `/mode${options.force === true ? "?force=true" : ""}`, { mode: "IMPORT" });
  const existing = await targetVersions(client);
  const steps = registrationOrder(backup);
  let registered = 0;
  let skipped = 0;
  let done = 0;
  for (const step of steps) {
    const { subject, version, schema } = step;
    progress(done++, steps.length, `${subject} v${version.version}`);
    const have = existing.get(subject)?.get(version.version);
    if (have !== undefined) {
      if (have !== schema.id) throw new Error(`target subject '${subject}' version ${version.version} holds schema ${have}, the backup says ${schema.id}`);
      skipped++;
      continue;
    }
    const answer = await client.call<{ id: number }>("POST", `/subjects/${subjectPath(subject)}/versions`, {
      schema: schema.schema,
      schemaType: schema.schemaType,
      references: schema.references,
      ...(schema.metadata !== undefined ? { metadata: schema.metadata } : {}),
      ...(schema.ruleSet !== undefined ? { ruleSet: schema.ruleSet } : {}),
      id: schema.id,
      version: version.version,
    });
    if (answer.id !== schema.id) throw new Error(`target registered subject '${subject}' version ${version.version} as id ${answer.id}, expected ${schema.id}`);
    registered++;
  }
  progress(steps.length, steps.length, "versions registered");
  let softDeleted = 0;
  for (const s of backup.subjects) {
    for (const v of s.versions) {
      if (!v.deleted) continue;
      try {
        await client.call("DELETE", `/subjects/${subjectPath(s.subject)}/versions/${v.version}`);
        softDeleted++;
      } catch (e) {
        // Already soft-deleted (a resumed copy): fine.
        if (!(e instanceof RegistryHttpError && e.errorCode === 40406)) throw e;
      }
    }
  }
  let configs = 0;
  let modes = 0;
  for (const s of backup.subjects) {
    if (s.config !== undefined && Object.keys(s.config).length > 0) {
      await client.call("PUT", `/config/${subjectPath(s.subject)}`, configUpdate(s.config));
      configs++;
    }
  }
  if (backup.config !== undefined && Object.keys(backup.config).length > 0) {
    await client.call("PUT", "/config", configUpdate(backup.config));
    configs++;
  }
  for (const s of backup.subjects) {
    if (s.mode !== undefined) {
      await client.call("PUT", `/mode/${subjectPath(s.subject)}?force=true`, { mode: s.mode });
      modes++;
    }
  }
  await client.call("PUT", "/mode?force=true", { mode: backup.mode ?? "READWRITE" });
  return { registered, skipped, softDeleted, configs, modes };
}

/** A config as `GET /config` answers it, as a `PUT /config` body: the level is named `compatibility` there. */
function configUpdate(config: Record<string, unknown>): Record<string, unknown> {
  const { compatibilityLevel, ...rest } = config;
  return compatibilityLevel === undefined ? rest : { ...rest, compatibility: compatibilityLevel };
}

/** subject → version → schema id, for every version the target holds (soft-deleted included). */
async function targetVersions(client: RegistryClient): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  const subjects = await client.call<string[]>("GET", "/subjects?deleted=true");
  await mapLimit(subjects, PARALLEL, async (subject) => {
    const path = `/subjects/${subjectPath(subject)}`;
    const versions = (await client.optional<number[]>("GET", `${path}/versions?deleted=true`)) ?? [];
    const byVersion = new Map<number, number>();
    for (const v of versions) byVersion.set(v, (await client.call<{ id: number }>("GET", `${path}/versions/${v}?deleted=true`)).id);
    out.set(subject, byVersion);
  });
  return out;
}

/** One difference {@link verifyRegistry} found. */
export interface Mismatch {
  readonly what: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * Compares a registry with a backup: every schema id answers the same text, type, references, metadata and
 * rule set (`GET /schemas/ids/{id}`), and every subject version — soft-deleted ones too — holds the same id
 * with the same deleted state. Returns the differences (empty when identical).
 */
export async function verifyRegistry(client: RegistryClient, backup: RegistryBackup, progress: Progress = () => {}): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = [];
  const total = backup.schemas.length + backup.subjects.length;
  let done = 0;
  await mapLimit(backup.schemas, PARALLEL, async (s) => {
    const got = await client.optional<VersionAnswer>("GET", `/schemas/ids/${s.id}`);
    progress(++done, total, `schema ${s.id}`);
    if (got === undefined) {
      mismatches.push({ what: `schema ${s.id}`, expected: "present", actual: "missing" });
      return;
    }
    const compare = (field: string, expected: unknown, actual: unknown) => {
      if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push({ what: `schema ${s.id} ${field}`, expected, actual });
    };
    compare("text", s.schema, got.schema);
    compare("schemaType", s.schemaType, got.schemaType ?? "AVRO");
    compare("references", s.references, (got.references ?? []).map((r) => ({ name: r.name, subject: r.subject, version: r.version })));
    compare("metadata", s.metadata ?? null, got.metadata ?? null);
    compare("ruleSet", s.ruleSet ?? null, got.ruleSet ?? null);
  });
  await mapLimit(backup.subjects, PARALLEL, async (subject) => {
    const path = `/subjects/${subjectPath(subject.subject)}`;
    const live = new Set((await client.optional<number[]>("GET", `${path}/versions`)) ?? []);
    for (const v of subject.versions) {
      const got = await client.optional<{ id: number }>("GET", `${path}/versions/${v.version}?deleted=true`);
      const where = `subject '${subject.subject}' version ${v.version}`;
      if (got === undefined) mismatches.push({ what: where, expected: `id ${v.id}`, actual: "missing" });
      else if (got.id !== v.id) mismatches.push({ what: `${where} id`, expected: v.id, actual: got.id });
      else if (live.has(v.version) === v.deleted) mismatches.push({ what: `${where} deleted`, expected: v.deleted, actual: !live.has(v.version) });
    }
    progress(++done, total, subject.subject);
  });
  return mismatches;
}
