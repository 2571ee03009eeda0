import { estimateSize } from "../payload-size.js";
import type { LintRule, RuleReport } from "../rule.js";

/** Default {@link PAYLOAD_SIZE} limit: 1 MiB, Kafka's default `message.max.bytes` (1 MB) rounded to what brokers allow. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1_048_576;

const sizeText = (bytes: number): string => (bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`);

/** PAYLOAD_SIZE: the largest payload a schema admits, estimated, stays under a limit; unbounded places are reported. */
export const PAYLOAD_SIZE: LintRule = {
  id: "PAYLOAD_SIZE",
  formats: ["AVRO", "JSON", "PROTOBUF", "ASYNCAPI"],
  defaultSeverity: "warning",
  rationale: "Brokers refuse oversized records (Kafka message.max.bytes defaults to 1 MB); a schema with no bound lets one producer break every consumer.",
  hint: "Bound strings and collections (JSON Schema maxLength/maxItems, Avro maxLength/maxItems properties, protovalidate max_len/max_items), or move large data out of the event (claim check).",
  practice:
    "Events stay small: large or unbounded data (documents, images, unbounded lists) goes to storage and the event carries a reference (claim-check pattern). The estimate is the largest encoded value the schema admits — Avro and Protobuf binary, JSON text for JSON Schema; strings, bytes, arrays and maps without a bound are reported as unbounded.",
  optionDocs: { maxBytes: "the limit in bytes (default 1048576)", unbounded: "report unbounded places (default true)" },
  check({ view, options }) {
    const limit = typeof options["maxBytes"] === "number" && options["maxBytes"] > 0 ? options["maxBytes"] : DEFAULT_MAX_PAYLOAD_BYTES;
    const reportUnbounded = options["unbounded"] !== false;
    const out: RuleReport[] = [];
    const seen = new Set<string>();
    for (const schema of view.schemas.values()) {
      const roots = schema.source.kind === "protobuf" ? schema.roots.map((r) => r.key) : [undefined];
      for (const root of roots) {
        const estimate = estimateSize(schema.source, root);
        if (reportUnbounded) {
          for (const place of estimate.unbounded) {
            if (seen.has(place.path)) continue;
            seen.add(place.path);
            out.push({ path: place.path, message: `unbounded payload size: ${place.reason}` });
          }
        }
        if (estimate.bytes > limit) {
          const at = root !== undefined ? (schema.records.find((r) => r.key === root)?.path ?? schema.source.prefix) : schema.source.prefix;
          out.push({ path: at, message: `the largest payload is estimated at ${sizeText(estimate.bytes)}${estimate.unbounded.length > 0 ? " (bounded parts only)" : ""}, over the ${sizeText(limit)} limit` });
        }
      }
    }
    return out;
  },
};
