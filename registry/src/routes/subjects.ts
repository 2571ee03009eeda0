import type { FastifyPluginAsync } from "fastify";
import { flag, list, paging, sendJson, sendOutcome, text, versionOrReply, type Query } from "./http.js";
import { metadataQuery } from "../service/latest-with-metadata.js";
import { visibleTo } from "../auth/access-policy.js";
import type { RouteOptions } from "./route-options.js";
import { registrationView, versionView } from "./views.js";

type SubjectRoute = { Params: { subject: string }; Querystring: Query; Body: unknown };
type VersionRoute = { Params: { subject: string; version: string }; Querystring: Query };

/**
 * `/subjects` routes (Confluent `SubjectsResource`, `SubjectVersionsResource`): list, lookup, the latest version
 * with given metadata, register, get, delete (soft, then `permanent=true`), raw schema, `referencedby`, and
 * Charter's `messages` (ASYNCAPI). Subject names arrive URL-decoded
 * (`%2F` → `/`), so any valid name round-trips. `format=serialized` on version reads answers a PROTOBUF schema as
 * base64 `FileDescriptorProto` (Confluent). A user limited to a subject prefix sees only its subjects in lists.
 */
export const subjectsRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  app.get<{ Querystring: Query }>("/subjects", async (request, reply) => {
    const q = request.query;
    const page = paging(q);
    const subjects = await service.listSubjects(text(q, "subjectPrefix"), flag(q, "deleted"), flag(q, "deletedOnly"));
    return sendJson(reply, page(visibleTo(request.principal ?? undefined, subjects, (s) => s)));
  });

  app.post<SubjectRoute>("/subjects/:subject", async (request, reply) => {
    const q = request.query;
    const outcome = await service.lookup(request.params.subject, request.body, {
      normalize: flag(q, "normalize"),
      deleted: flag(q, "deleted"),
    });
    return sendOutcome(reply, outcome, versionView);
  });

  // Confluent `getLatestWithMetadata` (serializers' `use.latest.with.metadata`): `key`/`value` repeat, paired in order.
  app.get<SubjectRoute>("/subjects/:subject/metadata", async (request, reply) => {
    const q = request.query;
    const properties = metadataQuery(list(q, "key"), list(q, "value"));
    const outcome = await service.getLatestWithMetadata(request.params.subject, properties, flag(q, "deleted"));
    const format = text(q, "format");
    if (format === "" || !outcome.ok) return sendOutcome(reply, outcome, versionView);
    // The GUID stays the stored schema's: it is derived from its identity, not from the formatted text.
    const schema = await service.inFormat(outcome.value.schema, format);
    return sendOutcome(reply, schema.ok ? { ok: true, value: { ...outcome.value, schema: schema.value } } : schema, versionView);
  });

  app.delete<SubjectRoute>("/subjects/:subject", async (request, reply) =>
    sendOutcome(reply, await service.deleteSubject(request.params.subject, flag(request.query, "permanent"))),
  );

  app.get<SubjectRoute>("/subjects/:subject/versions", async (request, reply) => {
    const q = request.query;
    const page = paging(q);
    return sendOutcome(reply, await service.listVersions(request.params.subject, flag(q, "deleted"), flag(q, "deletedOnly")), page);
  });

  app.post<SubjectRoute>("/subjects/:subject/versions", async (request, reply) => {
    const outcome = await service.register(request.params.subject, request.body, { normalize: flag(request.query, "normalize") });
    return sendOutcome(reply, outcome, registrationView);
  });

  app.get<VersionRoute>("/subjects/:subject/versions/:version", async (request, reply) => {
    const spec = versionOrReply(reply, request.params.version);
    if (spec === undefined) return reply;
    const outcome = await service.getVersion(request.params.subject, spec, flag(request.query, "deleted"));
    const format = text(request.query, "format");
    if (format === "" || !outcome.ok) return sendOutcome(reply, outcome, versionView);
    const schema = await service.inFormat(outcome.value.schema, format);
    return sendOutcome(reply, schema.ok ? { ok: true, value: { ...outcome.value, schema: schema.value } } : schema, versionView);
  });

  app.get<VersionRoute>("/subjects/:subject/versions/:version/schema", async (request, reply) => {
    const spec = versionOrReply(reply, request.params.version);
    if (spec === undefined) return reply;
    const outcome = await service.getVersion(request.params.subject, spec, flag(request.query, "deleted"));
    const format = text(request.query, "format");
    if (format === "" || !outcome.ok) return sendOutcome(reply, outcome, (v) => v.schema.text);
    return sendOutcome(reply, await service.inFormat(outcome.value.schema, format), (s) => s.text);
  });

  app.get<VersionRoute>("/subjects/:subject/versions/:version/referencedby", async (request, reply) => {
    const spec = versionOrReply(reply, request.params.version);
    if (spec === undefined) return reply;
    const page = paging(request.query);
    return sendOutcome(reply, await service.getReferencedBy(request.params.subject, spec, flag(request.query, "deleted")), page);
  });

  // Charter's own (ASYNCAPI): each message's derived payload subject (docs/registry.md §AsyncAPI).
  app.get<VersionRoute>("/subjects/:subject/versions/:version/messages", async (request, reply) => {
    const spec = versionOrReply(reply, request.params.version);
    if (spec === undefined) return reply;
    return sendOutcome(reply, await service.listMessages(request.params.subject, spec, flag(request.query, "deleted")));
  });

  app.delete<VersionRoute>("/subjects/:subject/versions/:version", async (request, reply) => {
    const spec = versionOrReply(reply, request.params.version);
    if (spec === undefined) return reply;
    return sendOutcome(reply, await service.deleteVersion(request.params.subject, spec, flag(request.query, "permanent")));
  });
};
