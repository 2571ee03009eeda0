/**
 * Kafka's murmur2 hash (`org.apache.kafka.common.utils.Utils.murmur2`): 32-bit MurmurHash2 with seed
 * `0x9747b28c`, bytes read little-endian in blocks of four. Returns a signed int32, as Java does: the key
 * `"21"` hashes to −973932308.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ length) | 0;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const i4 = i * 4;
    let k = (data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24)) | 0;
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  switch (length & 3) {
    case 3:
      h ^= data[tail + 2]! << 16;
    // falls through
    case 2:
      h ^= data[tail + 1]! << 8;
    // falls through
    case 1:
      h ^= data[tail]!;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka `Utils.toPositive`: clears the sign bit (not `Math.abs`, which overflows on −2^31). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
