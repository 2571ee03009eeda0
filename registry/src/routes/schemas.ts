import type { FastifyPluginAsync } from "fastify";
import { flag, page, schemaIdOrReply, sendJson, sendOutcome, text, type Query } from "./http.js";
import type { RouteOptions } from "./route-options.js";
import { schemaByIdJson, versionView } from "./views.js";

type IdRoute = { Params: { id: string }; Querystring: Query };

/**
 * `/schemas` routes (Confluent `SchemasResource`): `GET /schemas/types`, `GET /schemas` (subjectPrefix,
 * deleted, latestOnly, offset, limit), `GET /schemas/ids/{id}` (+ `/schema`, `/subjects`, `/versions`). The
 * `subject` query parameter is accepted; ids are global, so it does not change the answer. `format=serialized`
 * answers a PROTOBUF schema as base64 `FileDescriptorProto` (Confluent), everything else as stored.
 */
export const schemasRoutes: FastifyPluginAsync<RouteOptions> = async (app, { service }) => {
  app.get("/schemas/types", async (_request, reply) => sendJson(reply, service.schemaTypes()));

  app.get<{ Querystring: Query }>("/schemas", async (request, reply) => {
    const q = request.query;
    const list = await service.listSchemas({
      subjectPrefix: text(q, "subjectPrefix"),
      deleted: flag(q, "deleted"),
      latestOnly: flag(q, "latestOnly"),
    });
    return sendJson(reply, page(list, q).map(versionView));
  });

  // `format=serialized`: a PROTOBUF schema as base64 FileDescriptorProto (Confluent); other values and types: as stored.
  app.get<IdRoute>("/schemas/ids/:id", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    const schema = service.getSchemaById(id);
    const format = text(request.query, "format");
    if (format === "" || !schema.ok) return sendOutcome(reply, schema, schemaByIdJson);
    return sendOutcome(reply, await service.inFormat(schema.value, format), schemaByIdJson);
  });

  app.get<IdRoute>("/schemas/ids/:id/schema", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    // The raw text, byte for byte (Confluent sends it with its JSON media type).
    const schema = service.getSchemaById(id);
    const format = text(request.query, "format");
    if (format === "" || !schema.ok) return sendOutcome(reply, schema, (s) => s.text);
    return sendOutcome(reply, await service.inFormat(schema.value, format), (s) => s.text);
  });

  app.get<IdRoute>("/schemas/ids/:id/subjects", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    return sendOutcome(reply, await service.getSchemaSubjects(id, flag(request.query, "deleted")), (list) =>
      page(list, request.query),
    );
  });

  app.get<IdRoute>("/schemas/ids/:id/versions", async (request, reply) => {
    const id = schemaIdOrReply(reply, request.params.id);
    if (id === undefined) return reply;
    return sendOutcome(reply, await service.getSchemaVersions(id, flag(request.query, "deleted")), (versions) =>
      page(versions, request.query).map((v) => ({ subject: v.subject, version: v.version })),
    );
  });
};
