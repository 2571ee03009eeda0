/**
 * `@charter/registry`: a Confluent Schema Registry compatible REST server over Charter's format engines.
 * `buildRegistry` gives a Fastify instance (tests use `app.inject`); `startRegistry` serves it.
 */
export { buildRegistry, REGISTRY_VERSION, type RegistryOptions } from "./build-registry.js";
export { startRegistry, type RunningRegistry, type StartRegistryOptions } from "./start-registry.js";
export { Errors, errorBody, fromContractError, type ErrorBody, type Outcome, type RegistryError } from "./errors.js";
export { MODES, isMode, type Mode } from "./mode.js";
export { RegistryService, DEFAULT_MAX_SCHEMA_BYTES, type RegistryServiceOptions } from "./service/registry-service.js";
export { SqliteStorage, DatabaseInUseError, type SqliteStorageOptions } from "./storage/sqlite-storage.js";
export { openStorage, type OpenStorageOptions } from "./storage/open-storage.js";
export { PostgresStorage, isPostgresUrl, parsePostgresUrl, type PostgresStorageOptions } from "./storage/postgres-storage.js";
export type { Storage, StorageReader, StorageTransaction, StoredSchema, StoredReference, StoredUser, SubjectVersion, UserRole, StorageChange } from "./storage/storage.js";
export { addUser, listUsers, removeUser, rotateUser, isUserRole, USER_ROLES, UserAdminError, type UserView, type UserWithSecret } from "./auth/users.js";
export { ANONYMOUS_ADMIN, Authenticator, type AuthenticatorOptions, type Principal } from "./auth/authenticator.js";
export type { SchemaMetadata, SchemaRule, SchemaRuleSet } from "./metadata.js";
export type { SubjectConfig } from "./subject-config.js";
