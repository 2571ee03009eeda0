/**
 * Spectral (under @asyncapi/parser) compiles Ajv validators when it is loaded, not when they are used: every rule
 * function made with `createRulesetFunction` compiles its options schema at module load (≈ 60 functions, most
 * never run in a parse), and every `Ruleset` checks its own definition against Spectral's ruleset meta-schema
 * (a 2020-12 Ajv with formats and errors, ≈ 200 ms). Together ≈ 0.35 s of a `charter check` on an AsyncAPI pair.
 *
 * Importing this module before @asyncapi/parser (it must be the first import of every module that loads the
 * parser) changes two exports of @stoplight/spectral-core in Node's CommonJS cache, before spectral-core's index
 * (which re-exports them through getters) is first read:
 * - `createRulesetFunction` compiles a function's validators on its first call instead of at load; the function
 *   keeps its name, `validator` and `schemas`, and validates options and input as before.
 * - `assertValidRuleset` keeps its cheap shape checks and skips the meta-schema check: the rulesets handed to
 *   Spectral here are code (the parser's and ours), never user input; `spectral-fast-start.test.ts` runs
 *   Spectral's own check on each of them, so a ruleset that would fail it fails the tests instead.
 * If Spectral was already loaded (someone imported the parser first), or is bundled rather than installed (the
 * Action's bundle), nothing changes and {@link spectralFastStart} says so.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** What {@link spectralFastStart} reports: whether the two exports were replaced in time. */
export interface SpectralFastStart {
  /** `createRulesetFunction` compiles lazily. */
  readonly lazyFunctions: boolean;
  /** `assertValidRuleset` skips the meta-schema check. */
  readonly trustedRulesets: boolean;
}

type RulesetFunction = ((this: unknown, ...args: unknown[]) => unknown) & { validator?: (options: unknown) => void };
type CreateRulesetFunction = (spec: { input: unknown; options: unknown; errorOnInvalidInput?: boolean }, fn: (...args: unknown[]) => unknown) => RulesetFunction;
type AssertValidRuleset = (ruleset: unknown, format?: string, sourceContext?: unknown) => void;

// Set on the replacements, pointing at the originals: a second copy of this module (test runners re-evaluate
// modules per file; Node's CommonJS cache stays) sees the work done and still finds Spectral's own check.
const ORIGINAL = Symbol.for("charter.spectral-fast-start.original");
interface Marked {
  [ORIGINAL]?: unknown;
}

interface SpectralModules {
  readonly loadedBefore: boolean;
  readonly functionModule: { createRulesetFunction: CreateRulesetFunction & Marked };
  readonly assertionsModule: { assertValidRuleset: AssertValidRuleset & Marked };
}

/**
 * Spectral's two modules from Node's CommonJS cache, resolved from the parser's own location (the spectral-core
 * instance the parser loads) and by absolute path (the package's `exports` map hides its files); `undefined`
 * where Spectral is not installed but bundled (the Action's bundle: its copy is out of reach, and runs as is).
 */
function spectralModules(): SpectralModules | undefined {
  try {
    const parserRequire = createRequire(createRequire(import.meta.url).resolve("@asyncapi/parser"));
    const coreDist = dirname(parserRequire.resolve("@stoplight/spectral-core"));
    const functionPath = join(coreDist, "ruleset", "function.js");
    return {
      loadedBefore: functionPath in parserRequire.cache,
      functionModule: parserRequire(functionPath) as SpectralModules["functionModule"],
      assertionsModule: parserRequire(join(coreDist, "ruleset", "validation", "assertions.js")) as SpectralModules["assertionsModule"],
    };
  } catch {
    return undefined;
  }
}

const spectral = spectralModules();
// Loaded before and not by us: the rule functions were made (and compiled) by the eager version; too late.
const applied = spectral !== undefined && (ORIGINAL in spectral.functionModule.createRulesetFunction || !spectral.loadedBefore);

/**
 * Spectral's own ruleset check (its meta-schema), for the test that runs it on every ruleset handed to Spectral
 * here; `undefined` where Spectral is bundled.
 */
export const spectralAssertValidRuleset: AssertValidRuleset | undefined = spectral
  ? ((spectral.assertionsModule.assertValidRuleset[ORIGINAL] ?? spectral.assertionsModule.assertValidRuleset) as AssertValidRuleset)
  : undefined;

if (spectral !== undefined && !spectral.loadedBefore) {
  const { functionModule, assertionsModule } = spectral;
  const eager = functionModule.createRulesetFunction;
  const lazyCreate: CreateRulesetFunction & Marked = (spec, fn) => {
    let compiled: RulesetFunction | undefined;
    const real = (): RulesetFunction => (compiled ??= eager(spec, fn));
    const lazy: RulesetFunction = function (this: unknown, ...args: unknown[]) {
      return real().apply(this, args);
    };
    Reflect.defineProperty(lazy, "name", { value: fn.name });
    lazy.validator = (options: unknown) => real().validator!(options);
    Reflect.defineProperty(lazy, "schemas", { enumerable: false, value: { input: spec.input, options: spec.options } });
    return lazy;
  };
  lazyCreate[ORIGINAL] = eager;
  functionModule.createRulesetFunction = lazyCreate;
  const trusted: AssertValidRuleset & Marked = (ruleset) => {
    // The shape checks Spectral makes before its meta-schema check, with its messages.
    if (typeof ruleset !== "object" || ruleset === null || Array.isArray(ruleset)) throw new Error("Provided ruleset is not an object");
    if (!("rules" in ruleset) && !("extends" in ruleset) && !("overrides" in ruleset)) {
      throw new Error("Ruleset must have rules or extends or overrides defined");
    }
  };
  trusted[ORIGINAL] = assertionsModule.assertValidRuleset;
  assertionsModule.assertValidRuleset = trusted;
}

/** Whether this process's Spectral starts fast (see the module comment); `false` fields mean it was loaded first. */
export function spectralFastStart(): SpectralFastStart {
  return { lazyFunctions: applied, trustedRulesets: applied };
}
