/**
 * Real git repositories for gate tests, built from the shared corpus (`../shared/corpus`, read in place): a
 * base commit holding real contracts of all four formats, and a head commit with realistic edits — per format
 * one compatible and one breaking change. Also a GitHub-runner-like checkout: a bare origin with the base
 * branch, the feature branch and the pull request's merge ref, cloned shallow the way actions/checkout does.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is cli/test/gate-fixture.ts). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The shared corpus beside the repository. */
export const CORPUS = join(REPO_ROOT, "..", "shared", "corpus");

/** Reads a corpus file. */
export function corpus(path: string): string {
  return readFileSync(join(CORPUS, path), "utf8");
}

/** Runs git in `cwd` with a fixed identity and no user/system configuration; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Charter Test", "-c", "user.email=test@charter.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** Writes `files` (repository-relative path → text) under `dir`, creating directories. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Replaces `from` by `to` in `text`, failing loudly when `from` is not there (so an edit can never silently do nothing). */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0) throw new Error(`fixture edit: ${JSON.stringify(from.slice(0, 60))} not found`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** The 1-based line of the first occurrence of `needle` in `text` (after `after`, when given). */
export function lineOf(text: string, needle: string, after?: string): number {
  const start = after !== undefined ? text.indexOf(after) : 0;
  const at = text.indexOf(needle, Math.max(0, start));
  if (at < 0 || start < 0) throw new Error(`lineOf: ${JSON.stringify(needle)} not found`);
  return text.slice(0, at).split("\n").length;
}

const OTEL = "protobuf/opentelemetry-proto/opentelemetry/proto";
const CDEVENTS = "jsonschema/cdevents/schemas";
const STREAMS = "avro/kafka-streams-examples/io/confluent/examples/streams";

/** The base commit: repository path → corpus path. Proto imports resolve from `proto/`, cdevents `$ref`s by `$id`. */
export const BASE_FILES: Readonly<Record<string, string>> = {
  "schemas/avro/pageview.avsc": `${STREAMS}/pageview.avsc`,
  "schemas/avro/song.avsc": `${STREAMS}/song.avsc`,
  "schemas/avro/userprofile.avsc": `${STREAMS}/userprofile.avsc`,
  "schemas/json/approvalcreated.json": `${CDEVENTS}/approvalcreated.json`,
  "schemas/json/approvalclosed.json": `${CDEVENTS}/approvalclosed.json`,
  "schemas/json/artifactpublished.json": `${CDEVENTS}/artifactpublished.json`,
  "schemas/json/links/embeddedlinksarray.json": `${CDEVENTS}/links/embeddedlinksarray.json`,
  "schemas/json/links/embeddedlinkend.json": `${CDEVENTS}/links/embeddedlinkend.json`,
  "schemas/json/links/embeddedlinkpath.json": `${CDEVENTS}/links/embeddedlinkpath.json`,
  "schemas/json/links/embeddedlinkrelation.json": `${CDEVENTS}/links/embeddedlinkrelation.json`,
  "schemas/json/links/domainid.json": `${CDEVENTS}/links/domainid.json`,
  "proto/opentelemetry/proto/common/v1/common.proto": `${OTEL}/common/v1/common.proto`,
  "proto/opentelemetry/proto/resource/v1/resource.proto": `${OTEL}/resource/v1/resource.proto`,
  "proto/opentelemetry/proto/trace/v1/trace.proto": `${OTEL}/trace/v1/trace.proto`,
  "proto/opentelemetry/proto/logs/v1/logs.proto": `${OTEL}/logs/v1/logs.proto`,
  "proto/cloudevents/cloudevents.proto": "protobuf/cloudevents/cloudevents.proto",
  "asyncapi/simple.yml": "asyncapi/spec-examples-3.0.0/simple-asyncapi.yml",
  "asyncapi/streetlights-kafka.yml": "asyncapi/spec-examples-3.0.0/streetlights-kafka-asyncapi.yml",
  // Multi-file AsyncAPI: services' documents with relative $refs into common/ (fragments, not contracts).
  ...Object.fromEntries(
    ["backend/asyncapi.yaml", "comments-service/asyncapi.yaml", "common/messages.yaml", "common/parameters.yaml", "common/schemas.yaml", "common/servers.yaml"].map((p) => [`asyncapi/social-media/${p}`, `asyncapi/spec-examples-3.0.0/social-media/${p}`]),
  ),
};

/** One edit of the head commit, and what the gate must say about it. */
export interface FixtureChange {
  readonly file: string;
  readonly format: "AVRO" | "JSON" | "PROTOBUF" | "ASYNCAPI";
  readonly breaking: boolean;
  /** The rule the breaking change must be reported with. */
  readonly rule?: string;
  /** The line the annotation must be on, computed from the edited (or, for removals, the base) text. */
  readonly line?: number;
  /** `old`: the line is the base version's (a removal). */
  readonly lineIn?: "new" | "old";
}

/**
 * The head commit's edits: per format one compatible and one breaking change, with where each break must be
 * reported. Edits of files missing from `base` (a reduced fixture) are skipped.
 */
export function headEdits(full: Readonly<Record<string, string>>): { files: Record<string, string>; changes: FixtureChange[] } {
  const files: Record<string, string> = {};
  const changes: FixtureChange[] = [];
  const base: Record<string, string> = { ...full };
  for (const [path, source] of Object.entries(BASE_FILES)) base[path] ??= corpus(source);

  // Avro: an optional field added (compatible); a field narrowed from long to int (TYPE_MISMATCH).
  files["schemas/avro/pageview.avsc"] = edit(base["schemas/avro/pageview.avsc"]!, `{"name": "flags", "type": ["null", "string"], "default": null}`, `{"name": "flags", "type": ["null", "string"], "default": null},\n     {"name": "referrer", "type": ["null", "string"], "default": null}`);
  changes.push({ file: "schemas/avro/pageview.avsc", format: "AVRO", breaking: false });
  files["schemas/avro/song.avsc"] = edit(base["schemas/avro/song.avsc"]!, `{"name": "id",     "type": "long"}`, `{"name": "id",     "type": "int"}`);
  changes.push({ file: "schemas/avro/song.avsc", format: "AVRO", breaking: true, rule: "TYPE_MISMATCH", line: lineOf(files["schemas/avro/song.avsc"], `"type": "int"`), lineIn: "new" });

  // JSON Schema (cdevents, $refs resolved by $id): a property added to a closed model (compatible); an enum narrowed.
  files["schemas/json/approvalcreated.json"] = edit(base["schemas/json/approvalcreated.json"]!, `"properties": {\n            "`, `"properties": {\n            "ticketUri": {\n              "type": "string",\n              "format": "uri"\n            },\n            "`);
  changes.push({ file: "schemas/json/approvalcreated.json", format: "JSON", breaking: false });
  files["schemas/json/approvalclosed.json"] = edit(base["schemas/json/approvalclosed.json"]!, `"cancelled",\n                "expired"\n`, `"cancelled"\n`);
  changes.push({ file: "schemas/json/approvalclosed.json", format: "JSON", breaking: true, rule: "ENUM_ARRAY_NARROWED", line: lineOf(files["schemas/json/approvalclosed.json"], `"enum"`, `"status": {`), lineIn: "new" });

  // Protobuf (imports resolved from proto/): a field added to Span (compatible); a LogRecord field's type changed.
  files["proto/opentelemetry/proto/trace/v1/trace.proto"] = edit(base["proto/opentelemetry/proto/trace/v1/trace.proto"]!, "  Status status = 15;\n", "  Status status = 15;\n\n  // The span's sampling priority, when the sampler set one.\n  uint32 sampling_priority = 20;\n");
  changes.push({ file: "proto/opentelemetry/proto/trace/v1/trace.proto", format: "PROTOBUF", breaking: false });
  // (A renumbered field is no longer the example: Confluent compares fields by number, so it is a removal plus
  // an addition, both compatible. A string field that becomes int32 breaks under every peer.)
  files["proto/opentelemetry/proto/logs/v1/logs.proto"] = edit(base["proto/opentelemetry/proto/logs/v1/logs.proto"]!, "  string severity_text = 3;", "  int32 severity_text = 3;");
  changes.push({ file: "proto/opentelemetry/proto/logs/v1/logs.proto", format: "PROTOBUF", breaking: true, rule: "FIELD_WIRE_COMPATIBLE_TYPE", line: lineOf(files["proto/opentelemetry/proto/logs/v1/logs.proto"], "int32 severity_text = 3;"), lineIn: "new" });

  // AsyncAPI: an optional payload property added to a sent message (compatible); an operation removed.
  files["asyncapi/simple.yml"] = edit(base["asyncapi/simple.yml"]!, "          email:\n", "          locale:\n            type: string\n            description: Preferred language of the user\n          email:\n");
  changes.push({ file: "asyncapi/simple.yml", format: "ASYNCAPI", breaking: false });
  const streetlights = base["asyncapi/streetlights-kafka.yml"]!;
  const dimStart = streetlights.indexOf("\n  dimLight:\n", streetlights.indexOf("\noperations:")) + 1;
  const dimEnd = streetlights.indexOf("\ncomponents:", dimStart);
  files["asyncapi/streetlights-kafka.yml"] = streetlights.slice(0, dimStart) + streetlights.slice(dimEnd + 1);
  changes.push({ file: "asyncapi/streetlights-kafka.yml", format: "ASYNCAPI", breaking: true, rule: "OPERATION_REMOVED", line: lineOf(streetlights, "  dimLight:", "\noperations:"), lineIn: "old" });
  return { files, changes };
}

/** A repository on disk with a base and a head commit. */
export interface GateFixture {
  readonly dir: string;
  readonly baseSha: string;
  readonly headSha: string;
  readonly changes: readonly FixtureChange[];
  /** The texts of the base commit. */
  readonly base: Readonly<Record<string, string>>;
  /** The texts of the head commit (edited files only). */
  readonly head: Readonly<Record<string, string>>;
}

/** Makes a temp directory; {@link removeDir} deletes it. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `charter-gate-${prefix}-`));
}

/** Deletes a directory tree. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Builds the fixture repository in `dir`: `main` with the base commit, `feature` with the head commit (also
 * checked out). `extra` adds files to the base, `headExtra` to the head (e.g. a charter.config.yaml).
 */
export function buildGateFixture(dir: string, options: { extra?: Record<string, string>; headExtra?: Record<string, string>; only?: (path: string) => boolean } = {}): GateFixture {
  const base: Record<string, string> = {};
  for (const [path, source] of Object.entries(BASE_FILES)) if (options.only?.(path) ?? true) base[path] = corpus(source);
  Object.assign(base, options.extra ?? {});
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, { ...base, "README.md": "# Events\n\nThe contracts of our event-driven system.\n" });
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "Contracts as of the last release");
  const baseSha = git(dir, "rev-parse", "HEAD");
  git(dir, "checkout", "-q", "-b", "feature");
  const edits = headEdits(base);
  const keep = (path: string): boolean => path in base;
  const files = Object.fromEntries(Object.entries(edits.files).filter(([p]) => keep(p)));
  const changes = edits.changes.filter((c) => keep(c.file));
  writeFiles(dir, { ...files, ...(options.headExtra ?? {}) });
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", "Evolve the contracts");
  return { dir, baseSha, headSha: git(dir, "rev-parse", "HEAD"), changes, base, head: files };
}

/**
 * What a GitHub runner has for a `pull_request` event: a bare `origin` holding `main`, `feature` and
 * `refs/pull/1/merge` (the merge commit GitHub tests), a work tree checked out at the merge ref with
 * `--depth=1` (actions/checkout's default), then `git fetch --depth=1 origin main` (unless `fetchBase` is false),
 * and the event payload.
 */
export function runnerCheckout(fixture: GateFixture, root: string, labels: readonly string[] = [], options: { fetchBase?: boolean } = {}): { workspace: string; eventPath: string; mergeSha: string } {
  mkdirSync(root, { recursive: true });
  const origin = join(root, "origin.git");
  git(root, "clone", "-q", "--bare", fixture.dir, origin);
  // GitHub's test merge of the pull request into its base.
  const scratch = join(root, "scratch");
  git(root, "clone", "-q", origin, scratch);
  git(scratch, "checkout", "-q", "main");
  git(scratch, "merge", "-q", "--no-ff", "-m", "Merge feature into main", "origin/feature");
  git(scratch, "push", "-q", "origin", "HEAD:refs/pull/1/merge");
  const mergeSha = git(scratch, "rev-parse", "HEAD");
  removeDir(scratch);

  const workspace = join(root, "workspace");
  mkdirSync(workspace);
  git(workspace, "init", "-q");
  git(workspace, "remote", "add", "origin", `file://${origin}`);
  git(workspace, "fetch", "-q", "--no-tags", "--depth=1", "origin", "+refs/pull/1/merge:refs/remotes/pull/1/merge");
  git(workspace, "checkout", "-q", "--detach", "refs/remotes/pull/1/merge");
  if (options.fetchBase ?? true) git(workspace, "fetch", "-q", "--no-tags", "--depth=1", "origin", "main:refs/remotes/origin/main");

  const eventPath = join(root, "event.json");
  writeFileSync(
    eventPath,
    JSON.stringify({
      action: "synchronize",
      number: 1,
      pull_request: {
        number: 1,
        base: { ref: "main", sha: fixture.baseSha, repo: { full_name: "acme/events" } },
        head: { ref: "feature", sha: fixture.headSha, repo: { full_name: "acme/events", fork: false } },
        labels: labels.map((name) => ({ name })),
      },
      repository: { full_name: "acme/events" },
    }),
  );
  return { workspace, eventPath, mergeSha };
}
