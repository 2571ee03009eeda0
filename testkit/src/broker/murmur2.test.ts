import { describe, expect, it } from "vitest";
import { murmur2, toPositive } from "./murmur2.js";
import { createDefaultPartitioner, partitionForKey } from "./partitioner.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("murmur2", () => {
  // Kafka's own vectors: clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java testMurmur2.
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
    ["abc", 479470107],
  ])("hashes %j to %i as Kafka's Utils.murmur2 does", (key, expected) => {
    expect(murmur2(utf8(key))).toBe(expected);
  });

  it("toPositive clears the sign bit, also for -2^31", () => {
    expect(toPositive(-973932308)).toBe(1173551340);
    expect(toPositive(-0x80000000)).toBe(0);
  });
});

describe("default partitioner", () => {
  it("places keys where the Java client does: toPositive(murmur2) % n", () => {
    expect(partitionForKey(utf8("21"), 3)).toBe(1173551340 % 3);
    expect(partitionForKey(utf8("foobar"), 12)).toBe(toPositive(-790332482) % 12);
    const p = createDefaultPartitioner();
    for (const key of ["a", "b", "order-1", "order-2"]) expect(p("t", utf8(key), 7)).toBe(partitionForKey(utf8(key), 7));
  });

  it("spreads keyless records round-robin per topic", () => {
    const p = createDefaultPartitioner();
    expect([0, 1, 2, 3, 4].map(() => p("t", null, 3))).toEqual([0, 1, 2, 0, 1]);
    expect(p("other", null, 3)).toBe(0);
  });
});
