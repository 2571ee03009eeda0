import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { progressBar } from "../progress.js";
import { readRegistry } from "../registry-backup.js";
import { clientFor } from "../copy-registry.js";

interface ExportFlags {
  readonly registry: string;
  readonly user?: string;
  readonly token?: string;
  readonly output?: string;
}

/**
 * `charter export --registry URL [--user name:secret | --token T] [--output file]`: reads every subject,
 * version (soft-deleted ones too), schema, config and mode of a Confluent-compatible registry (Charter,
 * Confluent, Karapace, Apicurio `ccompat`) and writes a `charter-backup` JSON document to stdout (or `--output`);
 * progress goes to stderr. Exit 0 done, 2 the registry could not be read.
 */
export function registerExport(program: Command, context: CliContext): void {
  program
    .command("export")
    .description("Write a registry's subjects, versions, schemas, configs and modes as a JSON backup (stdout)")
    .requiredOption("--registry <url>", "registry base URL (credentials may be in it: https://user:secret@host)")
    .option("--user <name:secret>", "HTTP Basic credentials")
    .option("--token <token>", "Bearer token")
    .option("--output <file>", "write the backup to this file instead of stdout")
    .action(async (flags: ExportFlags) => {
      const bar = progressBar(context, { title: "export" });
      try {
        const client = clientFor(flags.registry, flags.user, flags.token);
        const backup = await readRegistry(client, bar.update);
        bar.finish();
        const text = `${JSON.stringify(backup, null, 2)}\n`;
        if (flags.output !== undefined) writeFileSync(flags.output, text);
        else context.stdout(text);
        const versions = backup.subjects.reduce((n, s) => n + s.versions.length, 0);
        context.stderr(`charter export: ${backup.subjects.length} subjects, ${versions} versions, ${backup.schemas.length} schemas\n`);
      } catch (e) {
        bar.finish();
        context.stderr(`charter export: ${e instanceof Error ? e.message : String(e)}\n`);
        context.exit(2);
      }
    });
}
