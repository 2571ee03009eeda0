import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { progressBar } from "../progress.js";
import { validateBackup, verifyRegistry, writeRegistry, type Mismatch } from "../registry-backup.js";
import { parseEndpoint, RegistryClient, RegistryHttpError } from "../registry-client.js";

interface ImportFlags {
  readonly registry: string;
  readonly user?: string;
  readonly token?: string;
  readonly force?: boolean;
  /** `false` with `--no-verify`. */
  readonly verify?: boolean;
}

/** Prints up to 20 mismatches on stderr. */
export function reportMismatches(context: CliContext, command: string, mismatches: readonly Mismatch[]): void {
  for (const m of mismatches.slice(0, 20)) context.stderr(`charter ${command}: ${m.what}: expected ${JSON.stringify(m.expected)}, found ${JSON.stringify(m.actual)}\n`);
  if (mismatches.length > 20) context.stderr(`charter ${command}: … and ${mismatches.length - 20} more differences\n`);
}

/** Exit code and message for a failure of a copy: a refusal by the target (4xx) is 1, anything else 2. */
export function copyFailure(context: CliContext, command: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RegistryHttpError && e.errorCode === 42205 && e.path.startsWith("/mode")) {
    context.stderr(`charter ${command}: the target registry refused IMPORT mode: ${message}. It must be empty (or pass --force to copy into it anyway)\n`);
    context.exit(1);
    return;
  }
  context.stderr(`charter ${command}: ${message}\n`);
  context.exit(e instanceof RegistryHttpError && e.status < 500 ? 1 : 2);
}

/**
 * `charter import <backup.json> --registry URL [--user | --token] [--force] [--no-verify]`: replays a
 * `charter export` backup through the REST API in IMPORT mode — same ids, versions, references, metadata,
 * soft-deleted versions, configs and modes — then verifies every id and version (`--no-verify` skips that).
 * The target must be empty unless `--force`; an interrupted import is resumed by running it again. Exit 0
 * done, 1 refused by the target or verification found differences, 2 unreadable backup or unreachable registry.
 */
export function registerImport(program: Command, context: CliContext): void {
  program
    .command("import <backup>")
    .description("Replay a 'charter export' backup into a registry (IMPORT mode: same ids and versions), then verify it")
    .requiredOption("--registry <url>", "target registry base URL (credentials may be in it)")
    .option("--user <name:secret>", "HTTP Basic credentials (an admin)")
    .option("--token <token>", "Bearer token (an admin)")
    .option("--force", "import into a registry that already has subjects")
    .option("--no-verify", "skip the final comparison of every id and version")
    .action(async (file: string, flags: ImportFlags) => {
      let backup;
      try {
        backup = validateBackup(JSON.parse(readFileSync(file, "utf8")) as unknown);
      } catch (e) {
        context.stderr(`charter import: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
        context.exit(2);
        return;
      }
      const bar = progressBar(context, { title: "import" });
      try {
        const client = new RegistryClient(parseEndpoint(flags.registry, { ...(flags.user !== undefined ? { user: flags.user } : {}), ...(flags.token !== undefined ? { token: flags.token } : {}) }));
        const report = await writeRegistry(client, backup, { force: flags.force === true, progress: bar.update });
        bar.finish();
        context.stderr(`charter import: ${report.registered} versions registered, ${report.skipped} already there, ${report.softDeleted} soft-deleted, ${report.configs} configs, ${report.modes} modes\n`);
        if (flags.verify === false) return;
        const check = progressBar(context, { title: "verify" });
        const mismatches = await verifyRegistry(client, backup, check.update);
        check.finish();
        if (mismatches.length > 0) {
          reportMismatches(context, "import", mismatches);
          context.exit(1);
          return;
        }
        context.stderr(`charter import: verified ${backup.schemas.length} schema ids and every version\n`);
      } catch (e) {
        bar.finish();
        copyFailure(context, "import", e);
      }
    });
}
