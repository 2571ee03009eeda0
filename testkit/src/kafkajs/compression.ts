import { CompressionCodecs } from "./kafkajs-runtime.js";

/** kafkajs's codec registry as it is at runtime: a factory per compression type, replaceable by the service. */
const codecs = CompressionCodecs as unknown as Record<number, (() => unknown) | undefined>;

/**
 * What kafkajs does with a produce's `compression` before anything is written (kafkajs
 * `src/protocol/message/compression/index.js#lookupCodec`, called by `src/protocol/recordBatch/v0/index.js`
 * while the request is encoded): it asks `CompressionCodecs` for the codec. kafkajs ships only GZIP; the
 * Snappy, LZ4 and ZSTD entries throw `KafkaJSNotImplemented` ("Snappy compression not implemented") until the
 * service registers a codec (`CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec`). The producer's
 * retrier does not retry that error (`src/producer/sendMessages.js` bails), so the send rejects with it and
 * nothing is stored. The log itself stays uncompressed: only the refusal is observable.
 */
export function requireCodec(compression: number | undefined): void {
  if (compression === undefined || compression === 0) return;
  // Calling the registered factory throws exactly what kafkajs throws for a codec nobody registered.
  codecs[compression]?.();
}
