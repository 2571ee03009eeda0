import { posix } from "node:path";
import type { ResolvedReference } from "../format.js";

/**
 * Where the document being parsed pretends to live, so relative `$ref`s (`../common/messages.yaml`) become
 * absolute paths the resolver can map back onto provided references. Never read from disk.
 */
export const VIRTUAL_SOURCE = "/charter/main/asyncapi.yaml";

/** Text the resolver answers for a reference it cannot provide: parses, and names nothing a `#/…` could hit. */
const UNRESOLVED_TEXT = "{}";

/** The minimal `urijs` surface the parser's resolvers receive. */
interface UriLike {
  toString(): string;
  path(): string;
}

/** One resolver in the shape of @asyncapi/parser's `__unstable.resolver.resolvers` (parser-js `resolver.ts`). */
export interface ParserResolver {
  readonly schema: string;
  readonly order: number;
  readonly canRead: boolean;
  read(uri: UriLike): string;
}

/** Resolvers for one parse, and the references they could not provide. */
export interface ReferenceResolvers {
  readonly resolvers: readonly ParserResolver[];
  /** URIs that no provided reference matched, in the order asked. */
  readonly unresolved: readonly string[];
}

/** `../a/./b.yaml` → `a/b.yaml`: a name without leading `./` and `../` segments. */
function trimRelative(name: string): string {
  return posix.normalize(name).replace(/^(\.\.?\/)+/, "").replace(/^\/+/, "");
}

/**
 * Resolvers for the `file`, `http` and `https` schemes that answer ONLY from `references` (Confluent-style
 * references the registry already fetched: `{name, schema}`), so parsing never touches the disk or network.
 * A URI matches a reference when the reference's `name` is the URI itself (`https://…/x.yaml`), or names the
 * same path relative to {@link VIRTUAL_SOURCE}, or — for names given relative to some other root, such as
 * `common/messages.yaml` for `../common/messages.yaml` — when the URI's path ends with the name (the longest
 * such name wins). Anything else is recorded in `unresolved` and answered with an empty document; our
 * resolvers run before the parser's own readers (order 1) and always answer, so those never run.
 */
export function referenceResolvers(references: readonly ResolvedReference[]): ReferenceResolvers {
  const unresolved: string[] = [];
  const base = posix.dirname(VIRTUAL_SOURCE);
  const lookup = (uri: UriLike): string => {
    const full = uri.toString();
    const path = uri.path();
    const exact = references.find((r) => r.name === full || posix.resolve(base, r.name) === path);
    if (exact) return exact.schema;
    let best: ResolvedReference | undefined;
    for (const r of references) {
      const suffix = trimRelative(r.name);
      if (suffix !== "" && (path === "/" + suffix || path.endsWith("/" + suffix)) && (!best || trimRelative(best.name).length < suffix.length)) {
        best = r;
      }
    }
    if (best) return best.schema;
    unresolved.push(full.startsWith("http") ? full : path.startsWith(base + "/") ? posix.relative(base, path) : full);
    return UNRESOLVED_TEXT;
  };
  const resolvers = ["file", "http", "https"].map((schema) => ({ schema, order: 1, canRead: true, read: lookup }));
  return { resolvers, unresolved };
}
