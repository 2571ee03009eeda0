import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";

/** A subcommand: one file under `commands/` exporting a function of this shape that adds it to the program. */
export type CommandRegistrar = (program: Command, context: CliContext) => void;

/**
 * One `charter` subcommand as the program knows it before loading it: its name, the usage term and summary
 * `charter --help` lists, and `load`, which imports the command's module (and with it its engines: the
 * registry, codegen, a format) only when that command runs.
 */
export interface CommandEntry {
  readonly name: string;
  /** The term `charter --help` prints: name, `[options]` when it has any, then its arguments. */
  readonly usage: string;
  /** One line: what the command does (the module's `.description()`). */
  readonly summary: string;
  readonly load: () => Promise<CommandRegistrar>;
}

/** Every subcommand, in help order. Add a command here and in its own file under `commands/`. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "serve",
    usage: "serve [options]",
    summary: "Run the Confluent-compatible schema registry",
    load: () => import("./commands/serve.js").then((m) => m.registerServe),
  },
  {
    name: "check",
    usage: "check [options] <new>",
    summary: "Check a schema change offline: can <new> replace <old> at a compatibility level?",
    load: () => import("./commands/check.js").then((m) => m.registerCheck),
  },
  {
    name: "lint",
    usage: "lint [options] <paths...>",
    summary: "Check contracts against event-design rules (past-tense names, event ids, CloudEvents, defaults, deprecation, reserved numbers, payload size, docs)",
    load: () => import("./commands/lint.js").then((m) => m.registerLint),
  },
  {
    name: "gate",
    usage: "gate [options]",
    summary: "Check every contract changed since the base ref (or against a registry): fail on breaking changes, on the offending line",
    load: () => import("./commands/gate.js").then((m) => m.registerGate),
  },
  {
    name: "codegen",
    usage: "codegen [options] [asyncapi]",
    summary: "Generate a typed TypeScript client package (producers, consumers, upcasters) from an AsyncAPI contract",
    load: () => import("./commands/codegen.js").then((m) => m.registerCodegen),
  },
  {
    name: "users",
    usage: "users",
    summary: "Manage API users of a registry with --auth (roles read, write, admin)",
    load: () => import("./commands/users.js").then((m) => m.registerUsers),
  },
  {
    name: "export",
    usage: "export [options]",
    summary: "Write a registry's subjects, versions, schemas, configs and modes as a JSON backup (stdout)",
    load: () => import("./commands/export.js").then((m) => m.registerExport),
  },
  {
    name: "import",
    usage: "import [options] <backup>",
    summary: "Replay a 'charter export' backup into a registry (IMPORT mode: same ids and versions), then verify it",
    load: () => import("./commands/import.js").then((m) => m.registerImport),
  },
  {
    name: "migrate",
    usage: "migrate [options]",
    summary: "Copy a running Confluent/Karapace/Apicurio-ccompat registry into Charter with ids preserved (resumable, verified)",
    load: () => import("./commands/migrate.js").then((m) => m.registerMigrate),
  },
];

/** The table entry named `name`, if any. */
export function findCommand(name: string | undefined): CommandEntry | undefined {
  return name === undefined ? undefined : COMMANDS.find((c) => c.name === name);
}

/**
 * The subcommand `args` (the arguments after `node charter`) invoke: the first argument that is not an option
 * (`charter check a.json …` → `check`), or the one after `help` (`charter help check` → `check`).
 * `undefined` for `charter`, `charter --help`, `charter --version` and unknown names.
 */
export function invokedCommand(args: readonly string[]): CommandEntry | undefined {
  const operands = args.filter((a) => !a.startsWith("-"));
  const first = operands[0] === "help" ? operands[1] : operands[0];
  return findCommand(first);
}
