import type { Storage, StoredUser, UserRole } from "../storage/storage.js";
import { generateSecret, hashSecret } from "./secret-hash.js";

/** The roles, weakest first. */
export const USER_ROLES: readonly UserRole[] = ["read", "write", "admin"];

/** True when `value` names a role. */
export function isUserRole(value: unknown): value is UserRole {
  return typeof value === "string" && (USER_ROLES as readonly string[]).includes(value);
}

/** A user as listed (no secret material). */
export interface UserView {
  readonly name: string;
  readonly role: UserRole;
  readonly subjectPrefix: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What {@link addUser} and {@link rotateUser} return: the user and its new secret, to be shown once. */
export interface UserWithSecret {
  readonly user: UserView;
  readonly secret: string;
}

/** Thrown for a refused user operation (bad name or role, duplicate, unknown user); the message says why. */
export class UserAdminError extends Error {}

function view(u: StoredUser): UserView {
  return { name: u.name, role: u.role, subjectPrefix: u.subjectPrefix ?? null, createdAt: u.createdAt, updatedAt: u.updatedAt };
}

// Names appear in HTTP Basic (no ':'), logs and the CLI: printable, no spaces.
const NAME = /^[A-Za-z0-9._@-]{1,128}$/;

/**
 * Creates a user with a generated secret (stored only as a scrypt hash). `subjectPrefix` limits the user to
 * subjects starting with it (empty = none). Throws {@link UserAdminError} for a bad name or role, or a name in
 * use.
 */
export async function addUser(storage: Storage, name: string, role: string, subjectPrefix?: string): Promise<UserWithSecret> {
  if (!NAME.test(name)) throw new UserAdminError(`invalid user name '${name}': 1-128 of A-Z a-z 0-9 . _ @ -`);
  if (!isUserRole(role)) throw new UserAdminError(`invalid role '${role}': expected ${USER_ROLES.join(", ")}`);
  const { keyId, secret } = generateSecret();
  const secretHash = await hashSecret(secret);
  const now = new Date().toISOString();
  const user: StoredUser = { name, role, ...(subjectPrefix ? { subjectPrefix } : {}), keyId, secretHash, createdAt: now, updatedAt: now };
  await storage.withTransaction(async (tx) => {
    if ((await tx.getUser(name)) !== undefined) throw new UserAdminError(`user '${name}' already exists`);
    await tx.putUser(user);
  });
  return { user: view(user), secret };
}

/** Replaces a user's secret with a new generated one (the old one stops working). Throws for an unknown user. */
export async function rotateUser(storage: Storage, name: string): Promise<UserWithSecret> {
  const { keyId, secret } = generateSecret();
  const secretHash = await hashSecret(secret);
  const updated = await storage.withTransaction(async (tx) => {
    const current = await tx.getUser(name);
    if (current === undefined) throw new UserAdminError(`no user '${name}'`);
    const next: StoredUser = { ...current, keyId, secretHash, updatedAt: new Date().toISOString() };
    await tx.putUser(next);
    return next;
  });
  return { user: view(updated), secret };
}

/** Removes a user. Throws for an unknown user. */
export async function removeUser(storage: Storage, name: string): Promise<void> {
  const removed = await storage.withTransaction((tx) => tx.deleteUser(name));
  if (!removed) throw new UserAdminError(`no user '${name}'`);
}

/** Every user, by name, without secret material. */
export async function listUsers(storage: Storage): Promise<UserView[]> {
  return (await storage.listUsers()).map(view);
}
