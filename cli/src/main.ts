import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { processContext, type CliContext } from "./cli-context.js";
import { registerCheck } from "./commands/check.js";
import { registerCodegen } from "./commands/codegen.js";
import { registerGate } from "./commands/gate.js";
import { registerLint } from "./commands/lint.js";
import { registerServe } from "./commands/serve.js";
import { registerUsers } from "./commands/users.js";
import { registerExport } from "./commands/export.js";
import { registerImport } from "./commands/import.js";
import { registerMigrate } from "./commands/migrate.js";

/** A subcommand: one file under `commands/` exporting a function of this shape. */
export type CommandRegistrar = (program: Command, context: CliContext) => void;

/** Every subcommand, in help order. Add `check`, `codegen`, … here, one file each. */
export const COMMANDS: readonly CommandRegistrar[] = [registerServe, registerCheck, registerLint, registerGate, registerCodegen, registerUsers, registerExport, registerImport, registerMigrate];

/** Builds the `charter` program with every subcommand registered. */
export function buildProgram(context: CliContext): Command {
  const program = new Command("charter").description("Charter: contract-first event schemas").version("0.1.0");
  program.configureOutput({ writeOut: (s) => context.stdout(s), writeErr: (s) => context.stderr(s) });
  for (const register of COMMANDS) register(program, context);
  return program;
}

/** Runs the CLI on `argv` (as `process.argv`: node, script, args…). */
export async function main(argv: readonly string[] = process.argv, context: CliContext = processContext()): Promise<void> {
  await buildProgram(context).parseAsync([...argv]);
}

// Run when executed directly (`node dist/main.js …`, `tsx src/main.ts …`); bin/charter.js calls main() itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
