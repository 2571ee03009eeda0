import { CommanderError } from "commander";
import type { CliContext } from "./cli-context.js";
import { main } from "./main.js";

/** What one in-process `charter` run printed and the exit code it asked for (tests only). */
export interface CliRun {
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `charter …args` in-process through a recording {@link CliContext} with environment `env` (tests only). */
export async function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  let code: number | undefined;
  const context: CliContext = {
    env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    exit: (c) => (code ??= c),
    onSignal: () => {},
  };
  try {
    await main(["node", "charter", ...args], context);
  } catch (e) {
    // Commander errors (unknown option, --help) are thrown after the context recorded the exit code.
    if (!(e instanceof CommanderError)) throw e;
  }
  return { code, stdout, stderr };
}
