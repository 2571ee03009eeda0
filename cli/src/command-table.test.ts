import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, Help } from "commander";
import { describe, expect, it, vi } from "vitest";
import { COMMANDS, invokedCommand } from "./command-table.js";
import { runCli } from "./test-cli.js";

// Records which heavy modules a run imported: each mock hands back the real module and notes the load.
const loaded = vi.hoisted(() => new Set<string>());
vi.mock("@charter/registry", async (original) => (loaded.add("registry"), original()));
vi.mock("@charter/codegen", async (original) => (loaded.add("codegen"), original()));
vi.mock("@charter/contracts", async (original) => (loaded.add("contracts"), original()));
vi.mock("@charter/contracts/core", async (original) => (loaded.add("core"), original()));
vi.mock("../../contracts/src/avro/index.js", async (original) => (loaded.add("avro"), original()));
vi.mock("../../contracts/src/json-schema/index.js", async (original) => (loaded.add("json-schema"), original()));
vi.mock("../../contracts/src/protobuf/index.js", async (original) => (loaded.add("protobuf"), original()));
vi.mock("../../contracts/src/asyncapi/index.js", async (original) => (loaded.add("asyncapi"), original()));

const examples = fileURLToPath(new URL("../../examples/schemas/", import.meta.url));
const commandsDir = fileURLToPath(new URL("./commands/", import.meta.url));

// These run first and in order: a module, once loaded, stays loaded for the rest of the file.
describe("lazy loading", () => {
  it("charter --help lists every command from the table without importing any command or engine", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    for (const c of COMMANDS) expect(run.stdout).toContain(c.usage);
    expect(run.stdout).toContain("Run the Confluent-compatible schema registry");
    expect([...loaded]).toEqual([]);
  });

  it("charter check on Avro files loads the light core and the Avro engine only", async () => {
    const run = await runCli(["check", `${examples}avro/order-created.v2.avsc`, "--against", `${examples}avro/order-created.v1.avsc`]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect([...loaded].sort()).toEqual(["avro", "core"]);
  });

  it("charter check --help shows the check command's own options", async () => {
    const run = await runCli(["help", "check"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--against <old>");
    expect(loaded.has("registry")).toBe(false);
  });
});

describe("COMMANDS", () => {
  it("holds every command module under commands/, once", () => {
    const registrars = readdirSync(commandsDir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .flatMap((f) => [...readFileSync(commandsDir + f, "utf8").matchAll(/^export function (register\w+)\(program: Command/gm)].map((m) => m[1]));
    expect(registrars.length).toBe(COMMANDS.length);
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
  });

  it("each entry's name, usage and summary are what its module registers", async () => {
    const help = new Help();
    for (const entry of COMMANDS) {
      const program = new Command("charter");
      (await entry.load())(program, { env: {}, stdout: () => {}, stderr: () => {}, exit: () => {}, onSignal: () => {} });
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
      const command = program.commands[0]!;
      expect(help.subcommandTerm(command), entry.name).toBe(entry.usage);
      expect(command.description(), entry.name).toBe(entry.summary);
    }
  });

  it("invokedCommand finds the command after options and after help", () => {
    expect(invokedCommand(["check", "a.avsc", "--against", "b.avsc"])?.name).toBe("check");
    expect(invokedCommand(["help", "serve"])?.name).toBe("serve");
    expect(invokedCommand(["--help"])).toBeUndefined();
    expect(invokedCommand(["nope"])).toBeUndefined();
  });

  it("an unknown command is a usage error with exit code 1", async () => {
    const run = await runCli(["chek"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'chek'");
  });
});
