/**
 * The AsyncAPI documents of the real-world corpus (`../shared/corpus/asyncapi`) as generator input: each
 * document with the files its relative `$ref`s name read from disk (transitively, named as written relative to
 * the document), and remote `$ref`s answered from the corpus's own copy when it has one, else from a stand-in
 * (the same ones `e2e/asyncapi-corpus.test.ts` registers: the remote files are never fetched). A document whose
 * remote target has neither is skipped, with the reason.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, posix, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { readYamlOrJson, type ResolvedReference } from "@charter/contracts";

export const CORPUS = fileURLToPath(new URL("../../../shared/corpus/asyncapi/", import.meta.url));

const avroRecord = (name: string) => JSON.stringify({ type: "record", name, namespace: "com.adeo.casestudy.costing", fields: [{ name: "id", type: "string" }] });

/** Stand-ins for remote `$ref` targets the corpus does not hold (a minimal schema of the right format and name). */
export const STAND_INS: Readonly<Record<string, string>> = {
  "https://raw.githubusercontent.com/cloudevents/spec/v1.0.2/cloudevents/formats/cloudevents.json": JSON.stringify({
    type: "object",
    required: ["id", "source", "specversion", "type"],
    properties: { id: { type: "string" }, source: { type: "string" }, specversion: { type: "string" }, type: { type: "string" } },
  }),
  "https://www.asyncapi.com/resources/casestudies/adeo/CostingRequestPayload.avsc": avroRecord("CostingRequestPayload"),
  "https://www.asyncapi.com/resources/casestudies/adeo/CostingResponsePayload.avsc": avroRecord("CostingResponsePayload"),
  "https://deploy-preview-921--asyncapi-website.netlify.app/resources/casestudies/adeo/CostingResponseKey.avsc": JSON.stringify({ type: "string" }),
  "https://deploy-preview-921--asyncapi-website.netlify.app/resources/casestudies/adeo/CostingResponsePayload.avsc": avroRecord("CostingResponsePayload"),
};

/** Remote `$ref` targets the corpus holds a copy of. */
const REMOTE_COPIES: Readonly<Record<string, string>> = {
  "https://raw.githubusercontent.com/cloudevents/spec/main/cloudevents/working-drafts/asyncapi-traits/cloudevents-headers-kafka-binary.yaml":
    "cloudevents-working-drafts/asyncapi-traits/cloudevents-headers-kafka-binary.yaml",
};

function walk(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    })
    .sort();
}

/** `$ref` targets (file part) in a YAML/JSON text. */
function refTargets(text: string): string[] {
  const out = new Set<string>();
  const doc = readYamlOrJson(text);
  if (!doc.ok) return [];
  const stack: unknown[] = [doc.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string") {
        const target = v.split("#")[0] ?? "";
        if (target !== "") out.add(target);
      } else stack.push(v);
    }
  }
  return [...out].sort();
}

/** One corpus document, ready to generate, or skipped with the reason. */
export type CorpusDocument =
  | { readonly file: string; readonly name: string; readonly text: string; readonly references: ResolvedReference[]; readonly standIns: readonly string[]; readonly skip?: undefined }
  | { readonly file: string; readonly name: string; readonly skip: string };

/** Every document of the corpus (shared fragments and traits excluded: they are not documents). */
export function corpusDocuments(): CorpusDocument[] {
  if (!existsSync(CORPUS)) return [];
  const files = walk(CORPUS).filter((f) => /\.ya?ml$/.test(f) && !/social-media\/common\//.test(f) && !/asyncapi-traits\//.test(f));
  return files.map((file): CorpusDocument => {
    const name = relative(CORPUS, file).split(sep).join("/");
    const text = readFileSync(file, "utf8");
    const references: ResolvedReference[] = [];
    const standIns: string[] = [];
    const seen = new Set<string>();
    const queue: Array<{ from: string; text: string }> = [{ from: file, text }];
    while (queue.length > 0) {
      const { from, text: source } = queue.shift()!;
      for (const target of refTargets(source)) {
        if (/^https?:/i.test(target)) {
          const copy = REMOTE_COPIES[target];
          const standIn = STAND_INS[target];
          if (copy === undefined && standIn === undefined) return { file, name, skip: `references ${target}, which the corpus does not hold (remote references are never fetched)` };
          if (!seen.has(target)) {
            seen.add(target);
            references.push({ name: target, schema: copy !== undefined ? readFileSync(join(CORPUS, copy), "utf8") : standIn! });
            if (copy === undefined) standIns.push(target);
          }
          continue;
        }
        const abs = resolve(dirname(from), target);
        if (seen.has(abs)) continue;
        seen.add(abs);
        const refText = readFileSync(abs, "utf8");
        references.push({ name: relative(dirname(file), abs).split(sep).join(posix.sep), schema: refText });
        queue.push({ from: abs, text: refText });
      }
    }
    return { file, name, text, references, standIns };
  });
}
