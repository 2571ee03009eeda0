import type { FastifyPluginAsync } from "fastify";
import { flag, paging, schemaIdOrReply, sendJson, sendOutcome, text, type Query } from "./http.js";
import { visibleTo } from "../auth/access-policy.js";
import type { RouteOptions } from "./route-options.js";
import { schemaByIdJson, schemaByIdView, versionView } from "./views.js";

type IdRoute = { Params: { id: string }; Querystring: Query };
type GuidRoute = { Params: { guid: string }; Querystring: Query };

/**
 * `/schemas` routes (Confluent `SchemasResource`): `GET /schemas/types`, `GET /schemas` (subjectPrefix,
 * deleted, latestOnly, offset, limit), `GET /schemas/ids/{id}` (+ `/schema`, `/subjects`, `/versions`),
 * `GET /schemas/guids/{guid}` (+ `/ids`; Confluent 8.x, the GUID as `service/schema-guid.ts` derives it). The
 * `subject` query parameter is accepted; ids are global, so it does not change the answer. `format=serialized`
 * answers a PROTOBUF schema as base64 `FileDescriptorProto`, `format=resolved` an AVRO schema with its
 * references inlined (Confluent); everything else as stored. `fetchMaxId=true` adds `maxId`, the highest id
 * allocated so far. A user limited to a subject prefix sees only its subjects in lists.
 */
export const schemasRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  app.get("/schemas/types", async (_request, reply) => sendJson(reply, service.schemaTypes()));

  app.get<{ Querystring: Query }>("/schemas", async (request, reply) => {
    const q = request.query;
    const page = paging(q);
    const list = await service.listSchemas({
      subjectPrefix: text(q, "subjectPrefix"),
      deleted: flag(q, "deleted"),
      latestOnly: flag(q, "latestOnly"),
    });
    return sendJson(reply, page(visibleTo(request.principal ?? undefined, list, (v) => v.version.subject)).map(versionView));
  });

  app.get<IdRoute>("/schemas/ids/:id", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    const hit = service.getSchemaById(id);
    // A miss may be another instance's commit not yet announced here (PostgreSQL): ask the store.
    const schema = hit.ok ? hit : await service.getSchemaByIdFromStore(id);
    const format = text(request.query, "format");
    const fetchMaxId = flag(request.query, "fetchMaxId");
    // The hot path: a pre-serialized answer, no other work.
    if ((format === "" || !schema.ok) && !fetchMaxId) return sendOutcome(reply, schema, schemaByIdJson);
    const formatted = schema.ok && format !== "" ? await service.inFormat(schema.value, format) : schema;
    if (!formatted.ok || !fetchMaxId) return sendOutcome(reply, formatted, schemaByIdView);
    const maxId = await service.getMaxSchemaId();
    return sendJson(reply, { ...schemaByIdView(formatted.value), maxId });
  });

  app.get<IdRoute>("/schemas/ids/:id/schema", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    // The raw text, byte for byte (Confluent sends it with its JSON media type).
    const hit = service.getSchemaById(id);
    const schema = hit.ok ? hit : await service.getSchemaByIdFromStore(id);
    const format = text(request.query, "format");
    if (format === "" || !schema.ok) return sendOutcome(reply, schema, (s) => s.text);
    return sendOutcome(reply, await service.inFormat(schema.value, format), (s) => s.text);
  });

  app.get<GuidRoute>("/schemas/guids/:guid", async (request, reply) => {
    const schema = await service.getSchemaByGuid(request.params.guid);
    const format = text(request.query, "format");
    if (format === "" || !schema.ok) return sendOutcome(reply, schema, schemaByIdView);
    return sendOutcome(reply, await service.inFormat(schema.value, format), schemaByIdView);
  });

  // `[{context, id}]`, one per context holding the GUID (Confluent `listIdsForGuid`); `[]` when none does.
  app.get<GuidRoute>("/schemas/guids/:guid/ids", async (request, reply) => sendJson(reply, await service.listIdsForGuid(request.params.guid)));

  app.get<IdRoute>("/schemas/ids/:id/subjects", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    const page = paging(request.query);
    return sendOutcome(reply, await service.getSchemaSubjects(id, flag(request.query, "deleted")), (list) =>
      page(visibleTo(request.principal ?? undefined, list, (s) => s)),
    );
  });

  app.get<IdRoute>("/schemas/ids/:id/versions", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    const page = paging(request.query);
    return sendOutcome(reply, await service.getSchemaVersions(id, flag(request.query, "deleted")), (versions) =>
      page(visibleTo(request.principal ?? undefined, versions, (v) => v.subject)).map((v) => ({ subject: v.subject, version: v.version })),
    );
  });
};
