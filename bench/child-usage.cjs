// Preloaded into each child of bench/cli.ts (`node -r`): on exit, writes the process's own CPU time
// (process.resourceUsage(): user and system µs) to file descriptor 3, which the bench reads.
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload (`node -r`) is the cheapest to load
const { writeSync } = require("node:fs");
process.on("exit", () => {
  const u = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  } catch {
    // fd 3 is not open: run outside the bench.
  }
});
