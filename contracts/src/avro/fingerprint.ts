import { sha256Hex } from "../json-text.js";

/** The Rabin fingerprint seed, `EMPTY` in the Avro spec 1.11 §Schema Fingerprints. */
const EMPTY = 0xc15d213aa4d7a795n;
const MASK = 0xffffffffffffffffn;

const TABLE: readonly bigint[] = (() => {
  const table: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i);
    for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n) & MASK);
    table.push(fp);
  }
  return table;
})();

/**
 * CRC-64-AVRO (Rabin) fingerprint of a schema's Parsing Canonical Form, as the Avro spec 1.11 §Schema
 * Fingerprints defines it over the UTF-8 bytes. Returned as an unsigned 64-bit bigint (Java returns the same
 * bits as a signed `long`; see {@link toSignedLong}). Use {@link rabinFingerprintHex} for text.
 */
export function rabinFingerprint64(pcf: string): bigint {
  let fp = EMPTY;
  for (const byte of Buffer.from(pcf, "utf8")) {
    fp = (fp >> 8n) ^ (TABLE[Number((fp ^ BigInt(byte)) & 0xffn)] as bigint);
  }
  return fp;
}

/** {@link rabinFingerprint64} as 16 lowercase hex digits (big-endian value, not the little-endian wire bytes). */
export function rabinFingerprintHex(pcf: string): string {
  return rabinFingerprint64(pcf).toString(16).padStart(16, "0");
}

/** The signed 64-bit view of an unsigned fingerprint, as Java's `SchemaNormalization.parsingFingerprint64`. */
export function toSignedLong(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

/** SHA-256 fingerprint of a Parsing Canonical Form (Avro spec §Schema Fingerprints), lowercase hex. */
export function sha256Fingerprint(pcf: string): string {
  return sha256Hex(pcf);
}
