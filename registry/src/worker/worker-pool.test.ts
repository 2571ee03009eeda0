import { afterEach, describe, expect, it } from "vitest";
import { PoolClosedError, TaskTimeoutError, WorkerCrashedError, WorkerPool } from "./worker-pool.js";

type Task =
  | { kind: "echo"; value: number }
  | { kind: "loop" }
  | { kind: "busy"; ms: number }
  | { kind: "exit" }
  | { kind: "oom" }
  | { kind: "load"; loadMs: number; workMs: number; resume: boolean };

// A worker speaking the pool's protocol, with tasks that misbehave on purpose.
const CODE = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, task }) => {
  if (task.kind === "loop") for (;;) {}
  if (task.kind === "exit") process.exit(3);
  if (task.kind === "oom") { const hog = []; for (;;) hog.push(new Array(1e5).fill(Math.random())); }
  if (task.kind === "busy") { const end = Date.now() + task.ms; while (Date.now() < end) {} }
  if (task.kind === "load") {
    // Loading code outside the budget (pause … resume), then working within it.
    parentPort.postMessage({ id, pause: true });
    let end = Date.now() + task.loadMs; while (Date.now() < end) {}
    if (!task.resume) for (;;) {}
    parentPort.postMessage({ id, resume: true });
    end = Date.now() + task.workMs; while (Date.now() < end) {}
    return parentPort.postMessage({ id, result: task.loadMs + task.workMs });
  }
  parentPort.postMessage({ id, result: task.kind === "echo" ? task.value * 2 : task.ms });
});
parentPort.postMessage({ ready: true });
`;

let pool: WorkerPool<Task, number> | undefined;
afterEach(async () => {
  await pool?.close();
});

function open(size: number, taskTimeoutMs: number, loadTimeoutMs?: number): WorkerPool<Task, number> {
  const limits = loadTimeoutMs === undefined ? {} : { loadTimeoutMs };
  pool = new WorkerPool<Task, number>({ source: { code: CODE }, size, taskTimeoutMs, ...limits, resourceLimits: { maxOldGenerationSizeMb: 32 } });
  return pool;
}

describe("WorkerPool", () => {
  it("runs tasks on up to `size` workers", async () => {
    const p = open(2, 5000);
    expect(await Promise.all([1, 2, 3].map((value) => p.run({ kind: "echo", value })))).toEqual([2, 4, 6]);
    expect(p.workerCount).toBeLessThanOrEqual(2);
  });

  it("terminates a worker stuck past the budget, fails only its task, and goes on with a fresh worker", async () => {
    const p = open(1, 300);
    const stuck = p.run({ kind: "loop" });
    const next = p.run({ kind: "echo", value: 21 });
    await expect(stuck).rejects.toBeInstanceOf(TaskTimeoutError);
    expect(await next).toBe(42);
  });

  it("counts the budget from when a worker starts a task, not from when it was queued", async () => {
    const p = open(1, 1500);
    // The second task waits ~800 ms behind the first, then runs ~800 ms: within its own budget.
    expect(await Promise.all([p.run({ kind: "busy", ms: 800 }), p.run({ kind: "busy", ms: 800 })])).toEqual([800, 800]);
  });

  it("stops the budget while a worker loads code (pause … resume) and restarts it afterwards", async () => {
    const p = open(1, 400, 5000);
    // 700 ms of loading, then 300 ms of work: over the budget in all, within it after the resume.
    expect(await p.run({ kind: "load", loadMs: 700, workMs: 300, resume: true })).toBe(1000);
    // Work past the budget after the resume still fails.
    await expect(p.run({ kind: "load", loadMs: 100, workMs: 700, resume: true })).rejects.toBeInstanceOf(TaskTimeoutError);
  });

  it("fails a task whose worker loads for longer than the load limit, and keeps serving", async () => {
    const p = open(1, 5000, 300);
    await expect(p.run({ kind: "load", loadMs: 50, workMs: 0, resume: false })).rejects.toThrow(/took over 300 ms to load/);
    expect(await p.run({ kind: "echo", value: 4 })).toBe(8);
  });

  it("fails the task of a worker that dies or runs out of memory, and keeps serving", async () => {
    const p = open(1, 20_000);
    await expect(p.run({ kind: "exit" })).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(p.run({ kind: "oom" })).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(await p.run({ kind: "echo", value: 1 })).toBe(2);
  });

  it("fails running and queued tasks when closed, and refuses new ones", async () => {
    const p = open(1, 20_000);
    const running = p.run({ kind: "loop" });
    const queued = p.run({ kind: "echo", value: 1 });
    const failed = [expect(running).rejects.toBeInstanceOf(PoolClosedError), expect(queued).rejects.toBeInstanceOf(PoolClosedError)];
    await new Promise((r) => setTimeout(r, 200));
    await p.close();
    await Promise.all(failed);
    await expect(p.run({ kind: "echo", value: 1 })).rejects.toBeInstanceOf(PoolClosedError);
  });
});
