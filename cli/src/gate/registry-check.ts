import { join } from "node:path";
import { isCompatibilityLevel, type SchemaType } from "@charter/contracts/core";
import { autoReferences } from "../commands/check-references.js";
import type { LocatedReference } from "../references/by-name.js";
import { invalidResult, parseVersion, toCauses, type ContractVersion } from "./contract-check.js";
import type { ContractFile } from "./discover.js";
import { Locator } from "./locate.js";
import type { RegistryClient, RegistryFailure, RegistryReference, SchemaRequest } from "./registry-client.js";
import { parseCompatibilityMessages } from "./registry-messages.js";
import type { ContractChange, ContractResult, GateViolation, Registration } from "./result.js";
import { toRepoPath, type RepositoryTree } from "./tree.js";

/** A registry request that failed in a way that stops the run (unreachable, unauthorized, server error). */
export class RegistryRunError extends Error {
  constructor(
    message: string,
    readonly failure: RegistryFailure,
  ) {
    super(message);
  }
}

/** Confluent: subject not found / version not found / schema not found. */
const NOT_FOUND = new Set([40401, 40402, 40403]);

/** Whether a failure is "not there" (a new subject, an unregistered schema) rather than an error. */
function notFound(f: RegistryFailure): boolean {
  return f.status === 404 && (f.errorCode === undefined || NOT_FOUND.has(f.errorCode));
}

/** A failure the registry reports about the schema itself (Confluent 422: 42201 invalid schema, 42202 invalid version …). */
function invalidSchema(f: RegistryFailure): boolean {
  return f.status === 422;
}

/** Where a file's current text is registered. */
interface RegisteredVersion {
  readonly subject: string;
  readonly version: number;
  readonly id?: number;
}

/**
 * One registry-mode run over the head tree: maps contract files (and the files they reference) to registry
 * subjects and versions, checks contracts through the compatibility endpoint, and registers in dependency
 * order. Files referenced but not contracts themselves (e.g. AsyncAPI fragments) live under their path as
 * subject, with the referencing contract's schema type (Confluent `DefaultReferenceSubjectNameStrategy`).
 */
export class RegistrySession {
  private readonly versions = new Map<string, Promise<RegisteredVersion | undefined>>();

  constructor(
    private readonly client: RegistryClient,
    private readonly root: string,
    private readonly head: RepositoryTree,
    private readonly contractsByPath: ReadonlyMap<string, ContractFile>,
  ) {}

  private subjectOf(path: string): string {
    return this.contractsByPath.get(path)?.subject ?? path;
  }

  /** The file's own references at head, resolved from its own point of view. */
  private async ownReferences(path: string, type: SchemaType, text: string): Promise<readonly LocatedReference[]> {
    return (await autoReferences(type, join(this.root, path), text, new Set(), this.head.source)).references;
  }

  /** The request body for `text` with `references` mapped to registered subjects/versions; `pending` lists those not registered yet. */
  async request(type: SchemaType, text: string, references: readonly LocatedReference[]): Promise<{ request: SchemaRequest; pending: string[] }> {
    const mapped: RegistryReference[] = [];
    const pending: string[] = [];
    for (const r of references) {
      const path = toRepoPath(this.root, r.file);
      if (path === undefined) continue;
      const found = await this.versionOf(path, type);
      if (found) mapped.push({ name: r.name, subject: found.subject, version: found.version });
      else pending.push(path);
    }
    return { request: { schema: text, schemaType: type, references: mapped }, pending };
  }

  /** The registered version of the file's head text (with its references), or `undefined` when it is not registered. */
  versionOf(path: string, fallbackType: SchemaType): Promise<RegisteredVersion | undefined> {
    let found = this.versions.get(path);
    if (!found) {
      found = (async () => {
        const text = await this.head.read(path);
        if (text === undefined) return undefined;
        const type = this.contractsByPath.get(path)?.format ?? fallbackType;
        const { request, pending } = await this.request(type, text, await this.ownReferences(path, type, text));
        if (pending.length > 0) return undefined;
        const subject = this.subjectOf(path);
        const answer = await this.client.lookup(subject, request);
        if (answer.ok) {
          const { version, id } = answer.value ?? {};
          return typeof version === "number" ? { subject, version, ...(typeof id === "number" ? { id } : {}) } : undefined;
        }
        if (notFound(answer.error) || invalidSchema(answer.error)) return undefined;
        throw new RegistryRunError(`looking up ${path} under subject ${subject}: ${answer.error.message}`, answer.error);
      })();
      this.versions.set(path, found);
    }
    return found;
  }

  /**
   * Checks one contract through `POST /compatibility/subjects/{s}/versions?verbose=true`, which applies the
   * subject's configured level, transitive levels included. The new version is parsed locally first, so an
   * invalid contract is reported with its line. A subject the registry does not know is new, hence compatible.
   * `deferred` is true when references are not registered yet (the caller registers them first or warns).
   */
  async check(head: ContractVersion, change: ContractChange): Promise<{ result: ContractResult; deferred: boolean }> {
    const { contract } = head;
    const base = { subject: contract.subject, file: contract.path, format: contract.format, change };
    const parsed = await parseVersion(head);
    if (!parsed.ok) return { result: invalidResult(head, change, parsed.error), deferred: false };
    const { request, pending } = await this.request(contract.format, head.text, head.references);
    if (pending.length > 0) {
      const violation: GateViolation = {
        rule: "REFERENCE_NOT_REGISTERED",
        severity: "warning",
        message: `not checked through the registry: it references ${pending.join(", ")}, whose current version is not registered yet`,
        path: "",
        location: { file: contract.path, line: 1, version: "new" },
      };
      return { result: { ...base, verdict: "unchecked", violations: [violation] }, deferred: true };
    }
    return { result: await this.compatibility(head, request, change), deferred: false };
  }

  private async compatibility(head: ContractVersion, request: SchemaRequest, change: ContractChange): Promise<ContractResult> {
    const { contract } = head;
    const base = { subject: contract.subject, file: contract.path, format: contract.format, change };
    const answer = await this.client.testCompatibility(contract.subject, request);
    if (!answer.ok) {
      if (notFound(answer.error)) return { ...base, ...(await this.levelOf(contract.subject)), verdict: "compatible", violations: [] };
      if (invalidSchema(answer.error)) return invalidResult(head, change, { code: "SCHEMA_INVALID", message: `the registry refused it: ${answer.error.message}` });
      throw new RegistryRunError(`checking ${contract.path} against subject ${contract.subject}: ${answer.error.message}`, answer.error);
    }
    const verdict = parseCompatibilityMessages(answer.value?.messages ?? []);
    const level = verdict.level ? { level: verdict.level } : await this.levelOf(contract.subject);
    if (answer.value?.is_compatible !== false) return { ...base, ...level, verdict: "compatible", violations: [] };
    const locator = new Locator({ file: contract.path, newText: head.text });
    const found = verdict.violations.length > 0 ? verdict.violations : [{ rule: "INCOMPATIBLE", message: "the registry found the new version incompatible (it gave no details)", path: "" }];
    const violations: GateViolation[] = found.map((v) => {
      // A forward violation's line is in the registered (old) schema, which is not the base file: locate by path.
      const line = "line" in v && v.direction !== "forward" ? v.line : undefined;
      const direction = "direction" in v ? v.direction : undefined;
      const causes = "causes" in v ? toCauses(v.causes) : undefined;
      return {
        rule: v.rule,
        severity: "error",
        message: v.message,
        path: v.path,
        ...(direction ? { direction } : {}),
        ...("confluent" in v && v.confluent !== undefined ? { confluent: v.confluent } : {}),
        ...("version" in v && v.version !== undefined ? { version: v.version } : {}),
        location: locator.locate({ path: v.path, ...(line !== undefined ? { line } : {}), ...(direction ? { direction } : {}), ...(causes ? { causes } : {}) }),
        ...(causes ? { causes } : {}),
      };
    });
    return { ...base, ...level, verdict: "breaking", violations };
  }

  private async levelOf(subject: string): Promise<{ level?: ContractResult["level"] }> {
    const level = await this.client.level(subject);
    return level !== undefined && isCompatibilityLevel(level) ? { level } : {};
  }

  /**
   * Registers `head` after the files it references (dependencies first, recursively; each file once; files
   * already registered are looked up, not registered again). A refused registration (409: incompatible) is
   * checked again with `verbose=true` for the details and returned as a breaking result; other refusals throw.
   */
  async register(head: ContractVersion, change: ContractChange): Promise<{ registration?: Registration; refused?: ContractResult }> {
    const visiting = new Set<string>([head.contract.path]);
    const ensure = async (path: string, type: SchemaType): Promise<ContractResult | undefined> => {
      if (visiting.has(path) || (await this.versionOf(path, type))) return undefined;
      visiting.add(path);
      const text = await this.head.read(path);
      if (text === undefined) return undefined;
      const own = this.contractsByPath.get(path);
      const format = own?.format ?? type;
      const references = await this.ownReferences(path, format, text);
      for (const r of references) {
        const child = toRepoPath(this.root, r.file);
        const refused = child !== undefined ? await ensure(child, format) : undefined;
        if (refused) return refused;
      }
      const contract: ContractFile = own ?? { ...head.contract, path, subject: this.subjectOf(path), format };
      return this.registerOne({ contract, text, references }, change);
    };
    for (const r of head.references) {
      const path = toRepoPath(this.root, r.file);
      const refused = path !== undefined ? await ensure(path, head.contract.format) : undefined;
      if (refused) return { refused };
    }
    const refused = await this.registerOne(head, change);
    if (refused) return { refused };
    const found = await this.versionOf(head.contract.path, head.contract.format);
    const id = found?.id ?? this.ids.get(head.contract.path);
    return { registration: { subject: head.contract.subject, file: head.contract.path, id: id ?? -1, ...(found ? { version: found.version } : {}) } };
  }

  private readonly ids = new Map<string, number>();

  /** Registers one file whose references are registered; a 409 comes back as the breaking result. */
  private async registerOne(version: ContractVersion, change: ContractChange): Promise<ContractResult | undefined> {
    const { contract } = version;
    const { request, pending } = await this.request(contract.format, version.text, version.references);
    if (pending.length > 0) throw new RegistryRunError(`cannot register ${contract.path}: its references ${pending.join(", ")} are not registered`, { status: 0, message: "references not registered" });
    const answer = await this.client.register(contract.subject, request);
    // Registered versions change what lookups answer (and what dependants reference): forget them all.
    this.versions.clear();
    if (!answer.ok) {
      if (answer.error.status === 409) return this.compatibility(version, request, change);
      if (invalidSchema(answer.error)) return invalidResult(version, change, { code: "SCHEMA_INVALID", message: `the registry refused it: ${answer.error.message}` });
      throw new RegistryRunError(`registering ${contract.path} under subject ${contract.subject}: ${answer.error.message}`, answer.error);
    }
    if (typeof answer.value?.id === "number") this.ids.set(contract.path, answer.value.id);
    return undefined;
  }
}
