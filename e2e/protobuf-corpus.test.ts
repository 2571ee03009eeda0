/**
 * Every `.proto` of the real-world corpus (`../shared/corpus/protobuf`: OpenTelemetry with its imports, the
 * google/type common types, CloudEvents) registers through the REST API with its imports as references
 * (dependencies first, one subject per file path; `google/protobuf/*` imports are built in and need none), reads
 * back byte-for-byte by id, and answers `format=serialized` with a FileDescriptorProto equal to what `buf build`
 * makes of the same file; the serialized files (renamed after their reference names, as the Confluent clients
 * do) assemble into one @bufbuild/protobuf FileRegistry.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { create, createFileRegistry, fromBinary, toJson, type JsonValue } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestRegistry, type TestRegistry } from "./helpers.js";

const CORPUS = fileURLToPath(new URL("../../shared/corpus/protobuf/", import.meta.url));
const REPO = fileURLToPath(new URL("../", import.meta.url));

interface Reference {
  name: string;
  subject: string;
  version: number;
}

function protoFilesUnder(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const p = join(root, name);
    if (statSync(p).isDirectory()) out.push(...protoFilesUnder(p));
    else if (name.endsWith(".proto")) out.push(p);
  }
  return out;
}

function imports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)";/gm)].map((m) => m[1]!);
}

/**
 * Descriptor JSON without source info and without empty option messages (protoc/buf write an empty
 * `MethodOptions` for `rpc X(A) returns (B) {}`, which means the same as none), for comparing with buf's.
 */
function comparable(fd: FileDescriptorProto, name: string): JsonValue {
  const strip = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== "object") return v;
    const o: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) {
      const s = strip(x);
      if (k === "options" && s !== null && typeof s === "object" && !Array.isArray(s) && Object.keys(s).length === 0) continue;
      o[k] = s;
    }
    return o;
  };
  return strip(toJson(FileDescriptorProtoSchema, { ...fd, name, sourceCodeInfo: undefined }));
}

let registry: TestRegistry;
let tmp: string;
beforeAll(async () => {
  registry = await startTestRegistry();
  tmp = mkdtempSync(join(tmpdir(), "charter-pb-corpus-"));
});
afterAll(async () => {
  await registry?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("Protobuf corpus through the REST API", () => {
  const roots = readdirSync(CORPUS).sort();

  it("finds the corpus", () => {
    expect(roots.length).toBeGreaterThanOrEqual(3);
    expect(roots.flatMap((r) => protoFilesUnder(join(CORPUS, r))).length).toBeGreaterThanOrEqual(25);
  });

  for (const rootName of roots) {
    it(`registers every file of ${rootName} with its imports as references; reads back byte-for-byte; format=serialized equals buf build`, async () => {
      const root = join(CORPUS, rootName);
      const texts = new Map(protoFilesUnder(root).map((f) => [relative(root, f), readFileSync(f, "utf8")]));
      execFileSync("npx", ["buf", "build", root, "-o", join(tmp, `${rootName}.binpb`)], { cwd: REPO, stdio: "pipe" });
      const buf = new Map(fromBinary(FileDescriptorSetSchema, readFileSync(join(tmp, `${rootName}.binpb`))).file.map((f) => [f.name, f]));

      const ids = new Map<string, number>();
      const serialized = new Map<string, FileDescriptorProto>();
      let withReferences = 0;
      const register = async (path: string, chain: string[] = []): Promise<void> => {
        if (ids.has(path)) return;
        expect(chain, "import cycle in the corpus").not.toContain(path);
        const text = texts.get(path)!;
        const deps = imports(text).filter((i) => !i.startsWith("google/protobuf/"));
        for (const dep of deps) {
          expect(texts.has(dep), `${path} imports ${dep}, which is not in the corpus`).toBe(true);
          await register(dep, [...chain, path]);
        }
        const references: Reference[] = deps.map((d) => ({ name: d, subject: d, version: 1 }));
        if (references.length > 0) withReferences++;
        const res = await api(registry.url, "POST", `/subjects/${encodeURIComponent(path)}/versions`, { schemaType: "PROTOBUF", schema: text, references });
        expect(res, `${path}: ${JSON.stringify(res.body)}`).toMatchObject({ status: 200 });
        const id = (res.body as { id: number }).id;
        ids.set(path, id);

        const version = await api(registry.url, "GET", `/subjects/${encodeURIComponent(path)}/versions/1`);
        const guid = (version.body as { guid: unknown }).guid;
        expect(guid, path).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        const back = await api(registry.url, "GET", `/schemas/ids/${id}`);
        expect(back.body, path).toEqual({ schema: text, schemaType: "PROTOBUF", ...(references.length > 0 ? { references } : {}), guid });
        const raw = await fetch(`${registry.url}/schemas/ids/${id}/schema`);
        expect(await raw.text(), path).toBe(text);

        const ser = await api(registry.url, "GET", `/schemas/ids/${id}?format=serialized`);
        expect(ser.status, path).toBe(200);
        const body = ser.body as { schema: string; references?: Reference[] };
        expect(body.references ?? [], path).toEqual(references);
        const fd = fromBinary(FileDescriptorProtoSchema, Buffer.from(body.schema, "base64"));
        expect(comparable(fd, path), path).toEqual(comparable(buf.get(path)!, path));
        const bySubject = await api(registry.url, "GET", `/subjects/${encodeURIComponent(path)}/versions/1?format=serialized`);
        expect((bySubject.body as { schema: string }).schema, path).toBe(body.schema);
        // As the Confluent clients do: a referenced file takes its reference name.
        fd.name = path;
        serialized.set(path, fd);
      };
      for (const path of texts.keys()) await register(path);
      expect(ids.size).toBe(texts.size);
      if (rootName === "opentelemetry-proto") expect(withReferences).toBeGreaterThan(5);

      // The serialized files, in registration order (dependencies first) plus the well-known files they import,
      // form one consistent FileDescriptorSet: every type name resolves.
      const wellKnown = [...new Set([...serialized.values()].flatMap((fd) => fd.dependency.filter((d) => d.startsWith("google/protobuf/"))))];
      const set = create(FileDescriptorSetSchema, { file: [...wellKnown.map((w) => buf.get(w)!), ...serialized.values()] });
      const assembled = createFileRegistry(set);
      for (const path of serialized.keys()) expect(assembled.getFile(path), path).toBeDefined();
    });
  }
});
