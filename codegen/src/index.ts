/**
 * `@charter/codegen`: typed producers, consumers and upcasters generated from AsyncAPI contracts, as publishable
 * TypeScript packages. `generatePackage` is pure (contract text in, files out); `writePackage` puts them on disk;
 * `loadRegistryContract` reads a contract and its history from a Confluent-compatible registry.
 */
export { generatePackage, parseContract, CodegenError, type GeneratedPackage } from "./generate.js";
export { writePackage, type WriteResult } from "./write-package.js";
export { loadRegistryContract, type RegistryContract, type RegistrySourceOptions } from "./source/registry-source.js";
export type { CodegenOptions, ContractSource, MessageSubjects } from "./options.js";
