/**
 * `npm run bench:asyncapi`: time to parse each AsyncAPI document of `../shared/corpus/asyncapi`, Charter's
 * `parseAsyncApi` (specification schema compiled once per process, `contracts/src/asyncapi/parser-ruleset.ts`)
 * against the same @asyncapi/parser call as it was made before (default ruleset, a Spectral instance per parse
 * because of the reference resolver), in the same run. Both warm up on every document first, so the figures are
 * steady-state per-request costs. Prints per document, then the medians and their ratio.
 * Env: `BENCH_REPEAT` parses per document and side (default 3; the median is kept).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { AvroSchemaParser } from "@asyncapi/avro-schema-parser";
import { Parser } from "@asyncapi/parser";
import { ProtoBuffSchemaParser } from "@asyncapi/protobuf-schema-parser";
import { parseAsyncApi } from "../contracts/src/asyncapi/parse.js";
import { referenceResolvers, VIRTUAL_SOURCE } from "../contracts/src/asyncapi/reference-resolver.js";

const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const corpus = fileURLToPath(new URL("../../shared/corpus/asyncapi/", import.meta.url));

function documents(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...documents(path));
    else if (/\.(ya?ml|json)$/.test(name)) out.push(path);
  }
  return out;
}

const before = new Parser();
before.registerSchemaParser(AvroSchemaParser());
before.registerSchemaParser(ProtoBuffSchemaParser());
const parseBefore = (text: string) =>
  before.parse(text, { source: VIRTUAL_SOURCE, __unstable: { resolver: { resolvers: [...referenceResolvers([]).resolvers] } } });

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const files = documents(corpus);
const texts = files.map((f) => readFileSync(f, "utf8"));
for (const text of texts) {
  await parseBefore(text);
  await parseAsyncApi(text);
}
const rows: Array<{ doc: string; before: number; after: number }> = [];
for (const [i, text] of texts.entries()) {
  rows.push({ doc: relative(corpus, files[i]!), before: await median(() => parseBefore(text)), after: await median(() => parseAsyncApi(text)) });
}
const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const r of rows) console.log(`${r.before.toFixed(1).padStart(8)} ms → ${r.after.toFixed(1).padStart(7)} ms  ${r.doc}`);
const b = mid(rows.map((r) => r.before));
const a = mid(rows.map((r) => r.after));
console.log(`\n${rows.length} documents; median per document: before ${b.toFixed(1)} ms, after ${a.toFixed(1)} ms (ratio after/before ${(a / b).toFixed(3)})`);
