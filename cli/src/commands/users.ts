import { resolve } from "node:path";
import type { Command } from "commander";
import { addUser, listUsers, openStorage, removeUser, rotateUser, UserAdminError, type Storage } from "@charter/registry";
import { SERVE_DEFAULTS } from "../serve-options.js";
import type { CliContext } from "../cli-context.js";

interface DbFlags {
  readonly db?: string;
}

/** The `--db` value, else `CHARTER_DB`, else the default `charter serve` uses. */
function dbLocation(flags: DbFlags, context: CliContext): string {
  const given = flags.db !== undefined && flags.db !== "" ? flags.db : context.env.CHARTER_DB;
  const db = given !== undefined && given !== "" ? given : SERVE_DEFAULTS.dbPath;
  return db === ":memory:" || db.includes("://") ? db : resolve(db);
}

/**
 * Runs `work` on the store named by `--db`, opened beside any registry serving it (users are re-read by a
 * running registry within seconds); prints refusals as `charter users: …` and exits 1, other failures exit 2.
 */
async function withStore(context: CliContext, flags: DbFlags, work: (storage: Storage) => Promise<void>): Promise<void> {
  let storage: Storage;
  try {
    storage = await openStorage(dbLocation(flags, context), { exclusive: false });
  } catch (e) {
    context.stderr(`charter users: cannot open the database: ${e instanceof Error ? e.message : String(e)}\n`);
    context.exit(2);
    return;
  }
  try {
    await work(storage);
  } catch (e) {
    context.stderr(`charter users: ${e instanceof Error ? e.message : String(e)}\n`);
    context.exit(e instanceof UserAdminError ? 1 : 2);
  } finally {
    await storage.close();
  }
}

function printSecret(context: CliContext, name: string, secret: string): void {
  context.stdout(`${secret}\n`);
  context.stderr(
    `charter users: this is the only time the secret of '${name}' is shown; store it now. Use it as the HTTP Basic password of '${name}' (basic.auth.user.info=${name}:<secret>) or as 'Authorization: Bearer <secret>'.\n`,
  );
}

/**
 * `charter users add|list|remove|rotate`: API users of a registry with `--auth`. `add <name> --role
 * read|write|admin [--subject-prefix P]` and `rotate <name>` print the generated secret once, alone on stdout
 * (so `$(charter users add …)` captures it), stored only as a scrypt hash. `list` prints name, role, prefix and
 * dates (`--output json` for scripts). `remove <name>` deletes the user. `--db` (env `CHARTER_DB`) names the
 * database; commands work while a registry serves it. Exit 0 done, 1 refused (unknown user, duplicate, bad
 * role), 2 the database could not be used.
 */
export function registerUsers(program: Command, context: CliContext): void {
  const users = program.command("users").description("Manage API users of a registry with --auth (roles read, write, admin)");
  users
    .command("add <name>")
    .description("Create a user and print its generated secret (shown once)")
    .requiredOption("--role <role>", "read (GETs, lookups, compatibility checks), write (+ register, soft delete) or admin (+ config, mode, permanent delete)")
    .option("--subject-prefix <prefix>", "limit the user to subjects starting with this prefix (lists are filtered)")
    .option("--db <path>", "database (env CHARTER_DB; default ./data/charter.db)")
    .action(async (name: string, flags: DbFlags & { role: string; subjectPrefix?: string }) =>
      withStore(context, flags, async (storage) => {
        const { secret } = await addUser(storage, name, flags.role, flags.subjectPrefix);
        printSecret(context, name, secret);
      }),
    );
  users
    .command("list")
    .description("List users (never secrets)")
    .option("--output <format>", "text or json", "text")
    .option("--db <path>", "database (env CHARTER_DB; default ./data/charter.db)")
    .action(async (flags: DbFlags & { output: string }) =>
      withStore(context, flags, async (storage) => {
        const list = await listUsers(storage);
        if (flags.output === "json") {
          context.stdout(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        const rows = [["NAME", "ROLE", "SUBJECT PREFIX", "CREATED", "UPDATED"], ...list.map((u) => [u.name, u.role, u.subjectPrefix ?? "*", u.createdAt, u.updatedAt])];
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
        for (const row of rows) context.stdout(`${row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()}\n`);
      }),
    );
  users
    .command("remove <name>")
    .description("Delete a user (its secret stops working)")
    .option("--db <path>", "database (env CHARTER_DB; default ./data/charter.db)")
    .action(async (name: string, flags: DbFlags) =>
      withStore(context, flags, async (storage) => {
        await removeUser(storage, name);
        context.stderr(`charter users: removed '${name}'\n`);
      }),
    );
  users
    .command("rotate <name>")
    .description("Replace a user's secret and print the new one (shown once; the old one stops working)")
    .option("--db <path>", "database (env CHARTER_DB; default ./data/charter.db)")
    .action(async (name: string, flags: DbFlags) =>
      withStore(context, flags, async (storage) => {
        const { secret } = await rotateUser(storage, name);
        printSecret(context, name, secret);
      }),
    );
}
