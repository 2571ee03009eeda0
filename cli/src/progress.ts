import type { CliContext } from "./cli-context.js";

/** Options of {@link progressBar}. */
export interface ProgressBarOptions {
  /** What is being done, e.g. `reading`. */
  readonly title: string;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * A progress reporter for long copies, on stderr: on a terminal a bar redrawn in place
 * (`reading  [########............]  40%  120/300  orders-value`), elsewhere (CI logs, files) a plain line at
 * most every 2 seconds and at the end. Call the returned function with done/total/label; `finish()` ends the
 * line.
 */
export function progressBar(context: CliContext, options: ProgressBarOptions): { update: (done: number, total: number, label: string) => void; finish: () => void } {
  const now = options.now ?? Date.now;
  const tty = context.stderrIsTTY === true;
  let lastPrint = Number.NEGATIVE_INFINITY;
  let last = "";
  const render = (done: number, total: number, label: string) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 24;
    const filled = Math.round(ratio * width);
    return `${options.title.padEnd(9)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${done}/${total}  ${label}`;
  };
  return {
    update(done, total, label) {
      last = render(done, total, label);
      if (tty) {
        context.stderr(`\r${last.slice(0, 120).padEnd(120)}`);
        return;
      }
      if (now() - lastPrint >= 2000 || done === total) {
        lastPrint = now();
        context.stderr(`${last}\n`);
      }
    },
    finish() {
      if (tty && last !== "") context.stderr("\n");
    },
  };
}
