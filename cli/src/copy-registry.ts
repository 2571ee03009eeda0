import type { CliContext } from "./cli-context.js";
import { progressBar } from "./progress.js";
import { verifyRegistry, writeRegistry, type RegistryBackup } from "./registry-backup.js";
import { parseEndpoint, RegistryClient, RegistryHttpError } from "./registry-client.js";

/** A client for `url` with the credentials of `--user name:secret` / `--token` flags (either may be absent). */
export function clientFor(url: string, user: string | undefined, token: string | undefined): RegistryClient {
  return new RegistryClient(parseEndpoint(url, { ...(user !== undefined ? { user } : {}), ...(token !== undefined ? { token } : {}) }));
}

/**
 * The common end of `charter import` and `migrate`: writes `backup` into the target (progress bar "write"),
 * prints what was done, then — unless `verify` is false — compares every id and version (bar "verify"),
 * printing up to 20 differences and exiting 1 when there are any. Resolves true when the copy is complete and
 * verified (or not verified on request). Errors propagate to {@link copyFailure}.
 */
export async function writeAndVerify(
  context: CliContext,
  command: string,
  target: RegistryClient,
  backup: RegistryBackup,
  options: { readonly force: boolean; readonly verify: boolean },
): Promise<boolean> {
  const write = progressBar(context, { title: "write" });
  try {
    const report = await writeRegistry(target, backup, { force: options.force, progress: write.update });
    write.finish();
    context.stderr(`charter ${command}: ${report.registered} versions registered, ${report.skipped} already there, ${report.softDeleted} soft-deleted, ${report.configs} configs, ${report.modes} modes\n`);
  } catch (e) {
    write.finish();
    throw e;
  }
  if (!options.verify) return true;
  const check = progressBar(context, { title: "verify" });
  const mismatches = await verifyRegistry(target, backup, check.update);
  check.finish();
  for (const m of mismatches.slice(0, 20)) context.stderr(`charter ${command}: ${m.what}: expected ${JSON.stringify(m.expected)}, found ${JSON.stringify(m.actual)}\n`);
  if (mismatches.length > 20) context.stderr(`charter ${command}: … and ${mismatches.length - 20} more differences\n`);
  if (mismatches.length > 0) {
    context.exit(1);
    return false;
  }
  context.stderr(`charter ${command}: verified ${backup.schemas.length} schema ids and every version\n`);
  return true;
}

/** Exit code and message for a failed copy: a refusal by the target (4xx) is 1, anything else 2. */
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
