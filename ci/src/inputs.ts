/**
 * The Action's inputs, read as the runner passes them: one `INPUT_<NAME>` environment variable per input of
 * action.yml, the name upper-cased with spaces as underscores and hyphens kept (`INPUT_FAIL-ON`), trimmed
 * (@actions/core `getInput`; "Metadata syntax for GitHub Actions": inputs).
 */
import * as core from "@actions/core";
import { parseFailOn, type FailOn } from "@charter/cli/gate";

/** The inputs of action.yml, checked. Empty strings are inputs left at their empty default. */
export interface ActionInputs {
  readonly base: string;
  readonly registry: string;
  readonly config: string;
  readonly failOn: FailOn;
  readonly register: boolean;
  readonly all: boolean;
  readonly sarif: string;
  readonly githubToken: string;
  readonly skipLabel: string;
  /** `undefined`: "auto" (lint when the configuration has a lint section, docs/lint.md). */
  readonly lint: boolean | undefined;
  readonly workingDirectory: string;
}

/**
 * A boolean input as @actions/core `getBooleanInput` reads it — YAML 1.2 core schema `true | True | TRUE |
 * false | False | FALSE` — with an empty value as `fallback` (a runner always passes the default; a local run
 * may not). `undefined` for anything else, so "yes" is refused rather than read as false.
 */
export function booleanInput(name: string, fallback: boolean): boolean | undefined {
  const value = core.getInput(name);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  return undefined;
}

/** Reads and checks every input; a value out of range comes back as the message of a usage error (exit 2). */
export function readInputs(): { readonly ok: true; readonly value: ActionInputs } | { readonly ok: false; readonly error: string } {
  const failOn = parseFailOn(core.getInput("fail-on"));
  if (!failOn) return { ok: false, error: `the fail-on input must be error, warning or never (got "${core.getInput("fail-on")}")` };
  const register = booleanInput("register", false);
  const all = booleanInput("all", false);
  for (const [name, value] of [["register", register], ["all", all]] as const) {
    if (value === undefined) return { ok: false, error: `the ${name} input must be true or false (got "${core.getInput(name)}")` };
  }
  const lintInput = core.getInput("lint").toLowerCase();
  if (!["", "auto", "true", "false"].includes(lintInput)) return { ok: false, error: `the lint input must be auto, true or false (got "${core.getInput("lint")}")` };
  return {
    ok: true,
    value: {
      base: core.getInput("base"),
      registry: core.getInput("registry"),
      config: core.getInput("config"),
      failOn,
      register: register === true,
      all: all === true,
      sarif: core.getInput("sarif"),
      githubToken: core.getInput("github-token"),
      skipLabel: core.getInput("skip-label"),
      lint: lintInput === "true" ? true : lintInput === "false" ? false : undefined,
      workingDirectory: core.getInput("working-directory"),
    },
  };
}
