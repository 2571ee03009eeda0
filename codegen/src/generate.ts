/**
 * The pipeline: parse the contract (and its history) with the AsyncAPI engine → codegen model → emitters → the
 * files of a complete package. Pure apart from reading the runtime sources this package ships: the same input
 * gives the same bytes.
 */
import { asAsyncApiModel, getFormat, type AsyncApiModel } from "@charter/contracts";
import { emitClients, clientNames } from "./emit/client.js";
import { emitMessages, emitOperations } from "./emit/messages.js";
import { emitIndex, emitPackageJson, emitReadme, emitServers, emitTsconfig, emitVitestConfig } from "./emit/package-files.js";
import { emitSerdes } from "./emit/serdes.js";
import { emitClientTests, emitSerdeTests } from "./emit/tests.js";
import { emitTypes } from "./emit/types.js";
import { emitUpcasters, planSteps, HAND_WRITTEN_NOTICE } from "./emit/upcasters.js";
import { emitValidators, validatorSources } from "./emit/validators.js";
import { buildCodegenModel, defaultPackageName } from "./model/codegen-model.js";
import type { CodegenOptions, ContractSource, ResolvedOptions } from "./options.js";
import { runtimeFiles } from "./runtime-files.js";

/** A generated package: its files (path → content) and which of them belong to the user once written. */
export interface GeneratedPackage {
  readonly name: string;
  /** Every file, paths relative to the package root, in a stable order. */
  readonly files: ReadonlyMap<string, string>;
  /** Files written only when absent (hand-written upcaster steps): regeneration never overwrites them. */
  readonly handWritten: ReadonlySet<string>;
  /** What could not be typed precisely, and why. */
  readonly warnings: readonly string[];
  /** Messages, operations and upcaster steps generated (for reports). */
  readonly stats: { readonly messages: number; readonly operations: number; readonly steps: number; readonly stubs: number };
}

/** A contract the generator cannot read; `message` names the source, the code and where. */
export class CodegenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CodegenError";
  }
}

/** Parses one AsyncAPI document with the contracts engine; throws {@link CodegenError} naming the source. */
export async function parseContract(source: ContractSource): Promise<AsyncApiModel> {
  const parsed = await getFormat("ASYNCAPI")!.parse(source.text, { references: source.references ?? [] });
  const label = source.label ?? "the contract";
  if (!parsed.ok) {
    const e = parsed.error;
    const where = e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ""}` : "";
    throw new CodegenError(`${label}${where}: ${e.code}${e.path ? ` at ${e.path}` : ""}: ${e.message}`);
  }
  const model = asAsyncApiModel(parsed.value.model);
  if (!model) throw new CodegenError(`${label}: not an AsyncAPI document`);
  return model;
}

function resolveOptions(model: AsyncApiModel, options: CodegenOptions): ResolvedOptions {
  const info = model.info !== null && typeof model.info === "object" && !Array.isArray(model.info) ? model.info : {};
  const title = typeof info["title"] === "string" ? info["title"] : "asyncapi";
  const version = typeof info["version"] === "string" && /^\d+\.\d+\.\d+/.test(info["version"]) ? info["version"] : "0.1.0";
  return {
    packageName: options.packageName ?? defaultPackageName(title),
    packageVersion: options.packageVersion ?? version,
    longs: options.longs ?? "number",
    timestamps: options.timestamps ?? "number",
    ...(options.subject !== undefined ? { subject: options.subject } : {}),
    messageSubjects: options.messageSubjects ?? [],
  };
}

/**
 * Generates a complete TypeScript package for the AsyncAPI contract `source`: `package.json`, `tsconfig.json`,
 * `README.md`, `src/` (types, standalone validators, serdes, messages, operations, client, mirror client,
 * upcasters, runtime, index) and tests. Throws {@link CodegenError} for a contract (or history version) the
 * engine refuses, or a JSON schema ajv cannot compile.
 */
export async function generatePackage(source: ContractSource, options: CodegenOptions = {}): Promise<GeneratedPackage> {
  const latest = await parseContract(source);
  const history: Array<{ model: AsyncApiModel; label: string }> = [];
  for (const [i, h] of (options.history ?? []).entries()) history.push({ model: await parseContract(h), label: h.label ?? `version ${i + 1}` });
  const resolved = resolveOptions(latest, options);
  const model = buildCodegenModel(latest, history, resolved, source.label ?? "latest");

  const parts = model.messages.flatMap((m) => [...m.versions.map((v) => v.payload), m.key_, m.headers]);
  let validators;
  try {
    validators = emitValidators(validatorSources(parts));
  } catch (e) {
    throw new CodegenError(`${source.label ?? "the contract"}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const formats = new Set<string>(parts.flatMap((p) => (p && p.format !== "none" ? [p.format] : [])));

  const names = clientNames(model);
  const steps = planSteps(model);
  const upcasters = emitUpcasters(model, steps, validators);
  const stubs = upcasters.filter((f) => f.path.startsWith("src/upcasters/") && !f.path.endsWith(".test.ts"));
  const downcastable = new Set(steps.filter((s) => s.down.expression !== undefined).map((s) => `${s.message.name}:${s.from}`));
  const generated = [
    emitTypes(model),
    emitSerdes(model, validators),
    emitMessages(model, downcastable),
    emitOperations(model),
    ...emitClients(model, names, downcastable),
    ...upcasters,
    emitServers(model),
    emitIndex(names),
    emitSerdeTests(model, validators),
    emitClientTests(model, validators),
  ];

  const files = new Map<string, string>();
  files.set("package.json", emitPackageJson(model, formats));
  files.set("tsconfig.json", emitTsconfig());
  files.set("vitest.config.ts", emitVitestConfig());
  files.set("README.md", emitReadme(model, names, steps.length, stubs.map((s) => s.path)));
  for (const f of generated) if (f) files.set(f.path, f.toString());
  for (const [path, text] of validators.files) files.set(path, text);
  for (const [path, text] of runtimeFiles(formats)) files.set(path, text);
  const sorted = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const handWritten = new Set([...sorted.entries()].filter(([, text]) => text.startsWith(`// ${HAND_WRITTEN_NOTICE}`)).map(([p]) => p));
  return {
    name: resolved.packageName,
    files: sorted,
    handWritten,
    warnings: model.warnings,
    stats: { messages: model.messages.length, operations: model.operations.length, steps: steps.length, stubs: stubs.length },
  };
}
