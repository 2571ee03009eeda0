/**
 * What commands may touch of the outside world, injected so commands stay testable: output streams,
 * environment, exit and signal handling.
 */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars redraw in place; otherwise they print a line now and then). */
  readonly stderrIsTTY?: boolean;
  exit(code: number): void;
  /** Runs `handler` once when the process receives `signal`. */
  onSignal(signal: NodeJS.Signals, handler: (signal: NodeJS.Signals) => void): void;
}

/** The real process as a {@link CliContext}. */
export function processContext(): CliContext {
  return {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY === true,
    exit: (code) => process.exit(code),
    onSignal: (signal, handler) => process.once(signal, handler),
  };
}
