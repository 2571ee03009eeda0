import type { UserRole } from "../storage/storage.js";
import type { Principal } from "./authenticator.js";

/**
 * What an operation needs: the weakest role allowed, and what it touches — one subject (named by the `subject`
 * path parameter), a schema id or GUID (its subjects decide), the whole registry (global config and mode: only a user
 * without a subject prefix), or nothing in particular. `public` routes (health probes) need no credentials.
 */
export interface Access {
  readonly role: UserRole;
  readonly scope: "subject" | "schema-id" | "schema-guid" | "global" | "none";
  readonly public?: boolean;
}

const RANK: Record<UserRole, number> = { read: 0, write: 1, admin: 2 };

const read = (scope: Access["scope"]): Access => ({ role: "read", scope });

/**
 * The access table, by `METHOD route` (Fastify route patterns). Roles: `read` — GETs, lookups, compatibility
 * checks; `write` — also register and soft delete; `admin` — also config, mode and permanent delete (the
 * `permanent=true` form of the DELETE routes, see {@link requiredAccess}). Routes not listed (unknown URLs)
 * need `read`, so an anonymous caller learns nothing from a 404.
 */
const TABLE: ReadonlyMap<string, Access> = new Map<string, Access>([
  ["GET /health/live", { role: "read", scope: "none", public: true }],
  ["GET /health/ready", { role: "read", scope: "none", public: true }],
  // `GET /` answers `{}` (nothing to protect) or sends a browser to the UI; the web UI's static files are public
  // so a browser can load the login form. Every API call the UI makes is checked.
  ["GET /", { role: "read", scope: "none", public: true }],
  ["HEAD /", { role: "read", scope: "none", public: true }],
  ["GET /ui", { role: "read", scope: "none", public: true }],
  ["HEAD /ui", { role: "read", scope: "none", public: true }],
  ["GET /ui/*", { role: "read", scope: "none", public: true }],
  ["HEAD /ui/*", { role: "read", scope: "none", public: true }],
  ["GET /subjects/:subject/versions", read("subject")],
  ["GET /subjects/:subject/versions/:version", read("subject")],
  ["GET /subjects/:subject/versions/:version/schema", read("subject")],
  ["GET /subjects/:subject/versions/:version/referencedby", read("subject")],
  ["GET /subjects/:subject/versions/:version/messages", read("subject")],
  ["GET /subjects/:subject/metadata", read("subject")],
  ["POST /subjects/:subject", read("subject")],
  ["POST /compatibility/subjects/:subject/versions", read("subject")],
  ["POST /compatibility/subjects/:subject/versions/:version", read("subject")],
  ["GET /config/:subject", read("subject")],
  ["GET /mode/:subject", read("subject")],
  ["GET /schemas/ids/:id", read("schema-id")],
  ["GET /schemas/ids/:id/schema", read("schema-id")],
  ["GET /schemas/ids/:id/subjects", read("schema-id")],
  ["GET /schemas/ids/:id/versions", read("schema-id")],
  ["GET /schemas/guids/:guid", read("schema-guid")],
  ["GET /schemas/guids/:guid/ids", read("schema-guid")],
  ["POST /subjects/:subject/versions", { role: "write", scope: "subject" }],
  ["DELETE /subjects/:subject", { role: "write", scope: "subject" }],
  ["DELETE /subjects/:subject/versions/:version", { role: "write", scope: "subject" }],
  ["PUT /config", { role: "admin", scope: "global" }],
  ["DELETE /config", { role: "admin", scope: "global" }],
  ["PUT /config/:subject", { role: "admin", scope: "subject" }],
  ["DELETE /config/:subject", { role: "admin", scope: "subject" }],
  ["PUT /mode", { role: "admin", scope: "global" }],
  ["DELETE /mode", { role: "admin", scope: "global" }],
  ["PUT /mode/:subject", { role: "admin", scope: "subject" }],
  ["DELETE /mode/:subject", { role: "admin", scope: "subject" }],
]);

const DEFAULT_ACCESS = read("none");
const ADMIN_SUBJECT: Access = { role: "admin", scope: "subject" };

/**
 * The access a request needs: from the table, with `DELETE …?permanent=true` raised to `admin` (a permanent
 * delete cannot be undone). `route` is the matched route pattern (`undefined` for unknown URLs).
 */
export function requiredAccess(method: string, route: string | undefined, permanent: boolean): Access {
  const access = route === undefined ? DEFAULT_ACCESS : (TABLE.get(`${method} ${route}`) ?? DEFAULT_ACCESS);
  return method === "DELETE" && permanent && access.scope === "subject" ? ADMIN_SUBJECT : access;
}

/** True when `principal`'s role is at least `role`. */
export function hasRole(principal: Principal, role: UserRole): boolean {
  return RANK[principal.role] >= RANK[role];
}

/** True when `principal` may touch `subject` (no prefix, or the subject starts with it). */
export function canSeeSubject(principal: Principal | undefined, subject: string): boolean {
  return principal === undefined || principal.subjectPrefix === null || subject.startsWith(principal.subjectPrefix);
}

/** Keeps the items whose subject `principal` may see (all of them without a prefix). */
export function visibleTo<T>(principal: Principal | undefined, items: readonly T[], subjectOf: (item: T) => string): T[] {
  if (principal === undefined || principal.subjectPrefix === null) return [...items];
  return items.filter((item) => canSeeSubject(principal, subjectOf(item)));
}
