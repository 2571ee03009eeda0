import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { clientFor, copyFailure, writeAndVerify } from "../copy-registry.js";
import { validateBackup } from "../registry-backup.js";

interface ImportFlags {
  readonly registry: string;
  readonly user?: string;
  readonly token?: string;
  readonly force?: boolean;
  /** `false` with `--no-verify`. */
  readonly verify?: boolean;
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
      try {
        const target = clientFor(flags.registry, flags.user, flags.token);
        await writeAndVerify(context, "import", target, backup, { force: flags.force === true, verify: flags.verify !== false });
      } catch (e) {
        copyFailure(context, "import", e);
      }
    });
}
