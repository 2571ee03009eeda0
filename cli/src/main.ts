import { pathToFileURL } from "node:url";
import { Command, CommanderError, Help } from "commander";
import { processContext, type CliContext } from "./cli-context.js";
import { COMMANDS, invokedCommand } from "./command-table.js";
import { CLI_VERSION } from "./version.js";

export { COMMANDS, type CommandEntry, type CommandRegistrar } from "./command-table.js";

/**
 * Builds the `charter` program for one run on `argv` (as `process.argv`: node, script, args…). Only the
 * invoked command's module is imported and registered (so `charter check` loads one format engine and never
 * the registry); every other command is a placeholder carrying the table's usage and summary, which is all
 * `charter --help` prints. Commander's exits go through `context.exit` and then throw a `CommanderError`
 * (exitOverride), so nothing calls `process.exit` behind the context's back.
 */
export async function buildProgram(context: CliContext, argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command("charter").description("Charter: contract-first event schemas").version(CLI_VERSION);
  program.configureOutput({ writeOut: (s) => context.stdout(s), writeErr: (s) => context.stderr(s) });
  program.exitOverride((err: CommanderError) => {
    context.exit(err.exitCode);
    throw err;
  });
  const usage = new Map(COMMANDS.map((c) => [c.name, c.usage]));
  const standard = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => usage.get(cmd.name()) ?? standard.subcommandTerm(cmd) });
  const invoked = invokedCommand(argv.slice(2));
  for (const entry of COMMANDS) {
    if (entry === invoked) (await entry.load())(program, context);
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

/** Runs the CLI on `argv` (as `process.argv`: node, script, args…). Commander errors (usage, `--help`) are thrown after `context.exit`. */
export async function main(argv: readonly string[] = process.argv, context: CliContext = processContext()): Promise<void> {
  await (await buildProgram(context, argv)).parseAsync([...argv]);
}

/**
 * The `charter` executable: {@link main}, with commander's exits (help, version, usage errors) already
 * reported through `context.exit` and so swallowed here; any other error prints `charter: message` and
 * exits 1 instead of a stack trace.
 */
export async function runMain(argv: readonly string[] = process.argv, context: CliContext = processContext()): Promise<void> {
  try {
    await main(argv, context);
  } catch (e) {
    if (e instanceof CommanderError) return;
    context.stderr(`charter: ${e instanceof Error ? e.message : String(e)}\n`);
    context.exit(1);
  }
}

// Run when executed directly (`node dist/main.js …`, `tsx src/main.ts …`); bin/charter.js calls runMain() itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runMain();
}
