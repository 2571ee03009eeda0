import { randomUUID } from "node:crypto";

/** A CloudEvents 1.0 event with JSON data (the attributes the orders system uses). */
export interface CloudEvent<T = unknown> {
  readonly specversion: "1.0";
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly time: string;
  readonly subject?: string;
  readonly datacontenttype: "application/json";
  readonly data: T;
}

/** A Kafka record as kafkajs sends it. */
export interface KafkaRecord {
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/** A new event: a fresh id, the time now (RFC 3339). */
export function cloudEvent<T>(fields: { source: string; type: string; subject?: string; data: T; id?: string; time?: string }): CloudEvent<T> {
  return {
    specversion: "1.0",
    id: fields.id ?? randomUUID(),
    source: fields.source,
    type: fields.type,
    time: fields.time ?? new Date().toISOString(),
    ...(fields.subject !== undefined ? { subject: fields.subject } : {}),
    datacontenttype: "application/json",
    data: fields.data,
  };
}

/**
 * CloudEvents Kafka protocol binding 1.0, binary content mode: attributes become `ce_<name>` headers,
 * `datacontenttype` the `content-type` header, the data the record value; the key is the partition key.
 */
export function toKafkaRecord(event: CloudEvent, key: string): KafkaRecord {
  return {
    key,
    value: JSON.stringify(event.data),
    headers: {
      ce_specversion: event.specversion,
      ce_id: event.id,
      ce_source: event.source,
      ce_type: event.type,
      ce_time: event.time,
      ...(event.subject !== undefined ? { ce_subject: event.subject } : {}),
      "content-type": event.datacontenttype,
    },
  };
}

/** Header values as kafkajs consumers receive them. */
type ReceivedHeaders = { [name: string]: Buffer | string | (Buffer | string)[] | undefined };

/** Reads a binary-mode CloudEvent from a consumed record; throws when a required attribute is missing. */
export function fromKafkaRecord<T = unknown>(message: { value: Buffer | null; headers?: ReceivedHeaders }): CloudEvent<T> {
  const header = (name: string): string | undefined => {
    const v = message.headers?.[name];
    const one = Array.isArray(v) ? v[0] : v;
    return one === undefined ? undefined : one.toString();
  };
  const required = (name: string): string => {
    const v = header(name);
    if (v === undefined) throw new Error(`not a CloudEvent: header ${name} is missing`);
    return v;
  };
  if (required("ce_specversion") !== "1.0") throw new Error(`unsupported CloudEvents version ${header("ce_specversion")}`);
  const subject = header("ce_subject");
  return {
    specversion: "1.0",
    id: required("ce_id"),
    source: required("ce_source"),
    type: required("ce_type"),
    time: header("ce_time") ?? "",
    ...(subject !== undefined ? { subject } : {}),
    datacontenttype: "application/json",
    data: JSON.parse(message.value?.toString() ?? "null") as T,
  };
}
