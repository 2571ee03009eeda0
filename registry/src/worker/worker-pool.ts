import { Worker, type ResourceLimits } from "node:worker_threads";

/**
 * A small pool of worker threads running one task at a time each, with a per-task time budget that counts from
 * the moment a worker starts the task (not from when it was queued): a task over budget has its worker
 * terminated — the only way to stop a synchronous loop — and fails with {@link TaskTimeoutError}; the next task
 * gets a fresh worker. A worker that dies mid-task (out of memory, a crash) fails that task with
 * {@link WorkerCrashedError}. Workers start lazily, up to `size`, and are unref'd while idle so they never keep a
 * process alive. (piscina measures its abort timeouts from enqueue, which would fail innocent queued tasks behind
 * a hostile one; hence this pool.)
 *
 * Protocol: the worker posts `{ ready: true }` once loaded, then answers each `{ id, task }` with
 * `{ id, result }` or `{ id, error }` (a message). While it loads code a task needs for the first time (a format
 * engine), it posts `{ id, pause: true }` and then `{ id, resume: true }`: the budget stops meanwhile, under a
 * `loadTimeoutMs` limit of its own, and starts afresh on resume, so a small budget never fails every first task
 * of a fresh worker.
 */

/** How to start one worker: a script URL, or code run with `eval`. */
export type WorkerSource = { readonly url: URL } | { readonly code: string };

/** Options for {@link WorkerPool}. */
export interface WorkerPoolOptions {
  readonly source: WorkerSource;
  /** Most workers at once. */
  readonly size: number;
  /** Workers started at once, before any task (their start-up — loading code — is then off the first requests). Default 0. */
  readonly warm?: number;
  /** Budget of one task, in milliseconds, from when a worker starts it. */
  readonly taskTimeoutMs: number;
  /** Most time a worker may spend between `pause` and `resume` (loading code), in milliseconds. Default 60,000. */
  readonly loadTimeoutMs?: number;
  /** V8 limits of each worker (heap, stack): a task past them kills only its worker. */
  readonly resourceLimits?: ResourceLimits;
  /** `workerData` of each worker. */
  readonly workerData?: unknown;
}

/** A task ran past its budget; its worker was terminated. */
export class TaskTimeoutError extends Error {
  constructor(readonly budgetMs: number) {
    super(`the task took longer than its budget of ${budgetMs} ms and was stopped`);
  }
}

/** The worker running a task died (out of memory, crashed) or could not start. */
export class WorkerCrashedError extends Error {}

/** The pool was closed before the task ran. */
export class PoolClosedError extends Error {}

interface Pending {
  readonly task: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  running?: { readonly id: number; readonly pending: Pending; timer: NodeJS.Timeout };
}

/** See the module comment. `T` is the task type, `R` the result type. */
export class WorkerPool<T, R> {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    for (let i = 0; i < Math.min(options.warm ?? 0, options.size); i++) this.spawn();
  }

  /** Runs `task` on a worker. Rejects with {@link TaskTimeoutError}, {@link WorkerCrashedError} or {@link PoolClosedError}. */
  run(task: T): Promise<R> {
    if (this.closed) return Promise.reject(new PoolClosedError("the worker pool is closed"));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ task, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Workers now running (started or starting). */
  get workerCount(): number {
    return this.slots.size;
  }

  /** Terminates every worker and fails queued tasks with {@link PoolClosedError}. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new PoolClosedError("the worker pool is closed"));
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) {
      if (slot.running) {
        clearTimeout(slot.running.timer);
        slot.running.pending.reject(new PoolClosedError("the worker pool is closed"));
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && slot.running === undefined) this.start(slot, this.queue.shift()!);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    if (this.queue.length > starting && this.slots.size < this.options.size) this.spawn();
  }

  private start(slot: Slot, pending: Pending): void {
    const id = this.nextId++;
    slot.running = { id, pending, timer: this.budgetTimer(slot) };
    slot.worker.ref();
    slot.worker.postMessage({ id, task: pending.task });
  }

  /** A timer failing `slot`'s task with {@link TaskTimeoutError} once the budget has run out. */
  private budgetTimer(slot: Slot): NodeJS.Timeout {
    return setTimeout(() => this.fail(slot, new TaskTimeoutError(this.options.taskTimeoutMs)), this.options.taskTimeoutMs);
  }

  /** Ends `slot`'s worker, failing its task (if any) with `error`, and lets another worker take the queue. */
  private fail(slot: Slot, error: Error): void {
    if (!this.slots.delete(slot)) return;
    if (slot.running) {
      clearTimeout(slot.running.timer);
      slot.running.pending.reject(error);
    } else if (!slot.ready && ![...this.slots].some((s) => s.ready)) {
      // A worker that cannot even start would fail every retry: fail the queue instead of looping.
      for (const p of this.queue.splice(0)) p.reject(error);
    }
    void slot.worker.terminate();
    this.dispatch();
  }

  private spawn(): void {
    const { source, resourceLimits, workerData } = this.options;
    const worker =
      "url" in source
        ? new Worker(source.url, { resourceLimits, workerData })
        : new Worker(source.code, { eval: true, resourceLimits, workerData });
    const slot: Slot = { worker, ready: false };
    this.slots.add(slot);
    worker.unref();
    worker.on("message", (message: { ready?: true; id?: number; pause?: true; resume?: true; result?: unknown; error?: string }) => {
      if (message.ready === true) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const running = slot.running;
      if (running === undefined || running.id !== message.id) return;
      clearTimeout(running.timer);
      if (message.pause === true) {
        const limit = this.options.loadTimeoutMs ?? 60_000;
        running.timer = setTimeout(() => this.fail(slot, new WorkerCrashedError(`the worker took over ${limit} ms to load an engine`)), limit);
        return;
      }
      if (message.resume === true) {
        running.timer = this.budgetTimer(slot);
        return;
      }
      slot.running = undefined;
      worker.unref();
      if (message.error !== undefined) running.pending.reject(new WorkerCrashedError(message.error));
      else running.pending.resolve(message.result);
      this.dispatch();
    });
    worker.on("error", (e) => this.fail(slot, new WorkerCrashedError(`the worker failed: ${e.message}`)));
    worker.on("exit", (code) => this.fail(slot, new WorkerCrashedError(`the worker exited with code ${code}`)));
  }
}
