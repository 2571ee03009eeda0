// The UI's pages and their shareable URLs under /ui/ (the registry answers index.html for every one of them).

/** A page of the UI, switched on `kind`. */
export type Route =
  | { readonly kind: "subjects" }
  | { readonly kind: "subject"; readonly subject: string; readonly version?: number }
  | { readonly kind: "diff"; readonly subject: string; readonly version: number; readonly against: number }
  | { readonly kind: "try"; readonly subject: string }
  | { readonly kind: "asyncapi"; readonly subject: string; readonly version?: number }
  | { readonly kind: "not-found"; readonly path: string };

/** The URL prefix the registry serves the UI under. */
export const BASE = "/ui/";

const enc = encodeURIComponent;

/** The path of a page (`/ui/subjects/orders-value/versions/3/diff/2`). */
export function href(route: Route): string {
  switch (route.kind) {
    case "subjects":
      return BASE;
    case "subject":
      return `${BASE}subjects/${enc(route.subject)}${route.version !== undefined ? `/versions/${route.version}` : ""}`;
    case "diff":
      return `${BASE}subjects/${enc(route.subject)}/versions/${route.version}/diff/${route.against}`;
    case "try":
      return `${BASE}subjects/${enc(route.subject)}/try`;
    case "asyncapi":
      return `${BASE}subjects/${enc(route.subject)}${route.version !== undefined ? `/versions/${route.version}` : ""}/asyncapi`;
    case "not-found":
      return route.path;
  }
}

const VERSION = "([1-9][0-9]{0,9})";

/** Parses a location path into a page; anything unknown is `not-found`. Never throws. */
export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname === "/ui" ? "" : null;
  if (rest === null) return { kind: "not-found", path: pathname };
  if (rest === "" || rest === "subjects" || rest === "subjects/") return { kind: "subjects" };
  const m = /^subjects\/([^/]+)(?:\/(.*))?$/.exec(rest);
  if (m === null) return { kind: "not-found", path: pathname };
  let subject: string;
  try {
    subject = decodeURIComponent(m[1]!);
  } catch {
    return { kind: "not-found", path: pathname };
  }
  const tail = (m[2] ?? "").replace(/\/$/, "");
  if (tail === "") return { kind: "subject", subject };
  if (tail === "try") return { kind: "try", subject };
  if (tail === "asyncapi") return { kind: "asyncapi", subject };
  let t: RegExpExecArray | null;
  if ((t = new RegExp(`^versions/${VERSION}$`).exec(tail))) return { kind: "subject", subject, version: Number(t[1]) };
  if ((t = new RegExp(`^versions/${VERSION}/asyncapi$`).exec(tail))) return { kind: "asyncapi", subject, version: Number(t[1]) };
  if ((t = new RegExp(`^versions/${VERSION}/diff/${VERSION}$`).exec(tail)))
    return { kind: "diff", subject, version: Number(t[1]), against: Number(t[2]) };
  return { kind: "not-found", path: pathname };
}
