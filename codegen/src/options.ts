/**
 * What `generatePackage` takes: the contract (AsyncAPI text and the files it references), its history for
 * upcasters, and the choices that shape the generated package.
 */
import type { ResolvedReference } from "@charter/contracts";

/** One AsyncAPI document version: its text and the files it references (Confluent-style references). */
export interface ContractSource {
  readonly text: string;
  readonly references?: readonly ResolvedReference[];
  /** Where it came from, for error messages (`orders.yaml`, `orders@3`). */
  readonly label?: string;
}

/** The derived registry subjects of one message (from `GET /subjects/{s}/versions/{v}/messages`). */
export interface MessageSubjects {
  /** Channel id (v3) or address (v2). */
  readonly channel: string;
  readonly messageId: string;
  readonly value?: string;
  readonly key?: string;
}

/** Options of `generatePackage`. */
export interface CodegenOptions {
  /** npm name of the generated package. Default: the kebab-case `info.title` + `-client`. */
  readonly packageName?: string;
  /** Version of the generated package. Default: the contract's `info.version`. */
  readonly packageVersion?: string;
  /** Avro and Protobuf 64-bit integers as `number` (default; unsafe values are refused) or `bigint`. */
  readonly longs?: "number" | "bigint";
  /** Avro `timestamp-millis` as `number` (default) or `Date`. */
  readonly timestamps?: "number" | "date";
  /**
   * Older versions of the contract, oldest first (the registry subject's versions, or `--history` files): each
   * message's payload versions get typed upcasters to the latest. The contract itself is the latest version.
   */
  readonly history?: readonly ContractSource[];
  /** The registry subject the contract was read from: shown in the README and used in upcaster docs. */
  readonly subject?: string;
  /** Derived registry subjects per message, used as the default subjects of the wire format. */
  readonly messageSubjects?: readonly MessageSubjects[];
  /**
   * Files that already exist in the output directory (path → content): hand-edited upcaster steps there are
   * kept as they are. `writePackage` fills this in from disk.
   */
  readonly existing?: ReadonlyMap<string, string>;
}

/** The options with every default applied. */
export interface ResolvedOptions {
  readonly packageName: string;
  readonly packageVersion: string;
  readonly longs: "number" | "bigint";
  readonly timestamps: "number" | "date";
  readonly subject?: string;
  readonly messageSubjects: readonly MessageSubjects[];
}
