import { useEffect, useState } from "preact/hooks";
import { parseRoute, type Route } from "./routes.js";

const listeners = new Set<() => void>();

/** Goes to `url` (a path under /ui/, with its query) without reloading; Back returns. */
export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  listeners.forEach((l) => l());
  if (!replace) window.scrollTo(0, 0);
}

/** The current page and query string; re-renders on navigation (links, Back/Forward). */
export function useLocation(): { route: Route; query: URLSearchParams } {
  const read = () => ({ route: parseRoute(location.pathname), query: new URLSearchParams(location.search) });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return loc;
}

/** Click handler for in-app links: plain clicks navigate in place, modified clicks open tabs as usual. */
export function linkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as HTMLElement).closest("a");
  if (a === null || a.target || a.origin !== location.origin || !a.pathname.startsWith("/ui")) return;
  e.preventDefault();
  navigate(a.pathname + a.search + a.hash);
}
