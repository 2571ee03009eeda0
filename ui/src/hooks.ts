import { useEffect, useState } from "preact/hooks";
import { ApiError } from "./api.js";

/** The state of an asynchronous load: loading, its value, or the error (an {@link ApiError} message). */
export type Loaded<T> = { readonly kind: "loading" } | { readonly kind: "ok"; readonly value: T } | { readonly kind: "error"; readonly error: ApiError };

/** Runs `load` whenever `deps` change; a stale answer (deps changed meanwhile) is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ kind: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ kind: "loading" });
    load().then(
      (value) => live && setState({ kind: "ok", value }),
      (e: unknown) => live && setState({ kind: "error", error: e instanceof ApiError ? e : new ApiError(0, 0, String(e)) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return [state, () => setTick((n) => n + 1)];
}

/** Sets the document title (the page name first, for tabs and screen readers). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Charter`;
  }, [title]);
}
