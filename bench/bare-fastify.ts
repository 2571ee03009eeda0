/**
 * The baseline for `bench/read-path.ts`: a bare Fastify server with one route that answers every request with
 * the same bytes and content type as `GET /schemas/ids/{id}`. Reads the body from env `BENCH_BODY`, listens on
 * a free loopback port and prints `listening <url>` on stdout.
 */
import Fastify from "fastify";

const body = process.env.BENCH_BODY ?? "{}";
const app = Fastify({ logger: false });
app.get("/schemas/ids/:id", async (_request, reply) => {
  reply.header("content-type", "application/vnd.schemaregistry.v1+json");
  return body;
});
const url = await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`listening ${url}`);
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
