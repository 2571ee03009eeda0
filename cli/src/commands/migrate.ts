import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { clientFor, copyFailure, writeAndVerify } from "../copy-registry.js";
import { progressBar } from "../progress.js";
import { readRegistry } from "../registry-backup.js";
import type { RegistryClient } from "../registry-client.js";

interface MigrateFlags {
  readonly from: string;
  readonly to: string;
  readonly fromUser?: string;
  readonly fromToken?: string;
  readonly toUser?: string;
  readonly toToken?: string;
  readonly force?: boolean;
}

/**
 * `charter migrate --from URL --to URL`: copies a running Confluent, Karapace or Apicurio (`ccompat` API)
 * registry — or another Charter — into Charter with the same ids and versions: reads the source (as `charter
 * export`), writes the target in IMPORT mode (as `charter import`; versions the target already holds with the
 * same id are skipped, so an interrupted migration resumes where it stopped), then compares every schema id
 * and version. Progress bars on stderr. Exit 0 done and verified, 1 refused by the target or differences
 * found, 2 a registry could not be reached.
 */
export function registerMigrate(program: Command, context: CliContext): void {
  program
    .command("migrate")
    .description("Copy a running Confluent/Karapace/Apicurio-ccompat registry into Charter with ids preserved (resumable, verified)")
    .requiredOption("--from <url>", "source registry base URL, e.g. http://confluent:8081 or http://apicurio/apis/ccompat/v7")
    .requiredOption("--to <url>", "target Charter registry base URL")
    .option("--from-user <name:secret>", "HTTP Basic credentials for the source")
    .option("--from-token <token>", "Bearer token for the source")
    .option("--to-user <name:secret>", "HTTP Basic credentials for the target (an admin)")
    .option("--to-token <token>", "Bearer token for the target (an admin)")
    .option("--force", "copy into a target that already has subjects of its own")
    .action(async (flags: MigrateFlags) => {
      let source: RegistryClient;
      let target: RegistryClient;
      try {
        source = clientFor(flags.from, flags.fromUser, flags.fromToken);
        target = clientFor(flags.to, flags.toUser, flags.toToken);
      } catch (e) {
        context.stderr(`charter migrate: ${e instanceof Error ? e.message : String(e)}\n`);
        context.exit(2);
        return;
      }
      const read = progressBar(context, { title: "read" });
      try {
        const backup = await readRegistry(source, read.update);
        read.finish();
        if (await writeAndVerify(context, "migrate", target, backup, { force: flags.force === true, verify: true })) {
          context.stdout(`Migrated ${backup.subjects.length} subjects and ${backup.schemas.length} schema ids from ${source.endpoint.url} to ${target.endpoint.url}; every id verified.\n`);
        }
      } catch (e) {
        read.finish();
        copyFailure(context, "migrate", e);
      }
    });
}
