/**
 * Upcasters: one typed step per adjacent pair of a message's payload versions. Steps the diff makes mechanical
 * are generated complete in `src/upcasters.ts` (overwritten on every run), with a test in
 * `src/upcasters.test.ts`. The others are stubs that throw, each in its own file `src/upcasters/<message>-v<N>-to-
 * v<N+1>.ts` that the generator writes once and never overwrites (so hand-written steps survive regeneration),
 * with a generated test beside it that fails until the step is written.
 */
import { planStep, type StepPlan } from "../history/derive-step.js";
import type { CodegenModel, MessageModel } from "../model/codegen-model.js";
import { kebabCase } from "../naming.js";
import { GeneratedFile } from "../printer.js";
import { checker, exampleFor } from "./examples.js";
import { printValue } from "./literal.js";
import { serdeNames } from "./serdes.js";
import { versionTypeName } from "./types.js";
import type { ValidatorModules } from "./validators.js";

/** The notice of a file the generator creates once and leaves to its owner. */
export const HAND_WRITTEN_NOTICE = "Hand-written upcaster step: `charter codegen` created this file once and never overwrites it.";

/** `upcastOrderCreatedV1ToV2`. */
export function upcasterName(message: string, from: number): string {
  return `upcast${message}V${from}ToV${from + 1}`;
}

/** `downcastOrderCreatedV2ToV1`: the step from version `from + 1` back to `from`. */
export function downcasterName(message: string, from: number): string {
  return `downcast${message}V${from + 1}ToV${from}`;
}

/** `src/upcasters/order-created-v1-to-v2.ts` (without `.ts`). */
function stubModule(message: string, from: number): string {
  return `upcasters/${kebabCase(message)}-v${from}-to-v${from + 1}`;
}

/** One planned step of one message: up (`from` → `from + 1`) and, when mechanical, down (Confluent's DOWNGRADE). */
export interface PlannedStep {
  readonly message: MessageModel;
  readonly from: number;
  readonly plan: StepPlan;
  readonly down: StepPlan;
}

/** Plans every step of every message with a history. */
export function planSteps(model: CodegenModel): PlannedStep[] {
  const out: PlannedStep[] = [];
  for (const m of model.messages) {
    for (let i = 0; i + 1 < m.versions.length; i++) {
      const from = m.versions[i]!;
      const to = m.versions[i + 1]!;
      out.push({ message: m, from: from.version, plan: planStep(model.types, from.payload, to.payload), down: planStep(model.types, to.payload, from.payload) });
    }
  }
  return out;
}

function stepDoc(step: PlannedStep): string {
  const m = step.message;
  const from = m.versions[step.from - 1]!;
  const to = m.versions[step.from]!;
  const title = `${m.name} v${step.from} (${from.source}) → v${step.from + 1} (${to.source}).`;
  return step.plan.changes.length === 0 ? title : [title, "", ...step.plan.changes.map((c) => `- ${c}`)].join("\n");
}

function typeNames(step: PlannedStep): { from: string; to: string } {
  return { from: versionTypeName(step.message.name, step.from), to: versionTypeName(step.message.name, step.from + 1) };
}

/** The example payload of a version for a step's test (`undefined` when none is valid). */
function example(model: CodegenModel, validators: ValidatorModules, m: MessageModel, version: number): unknown {
  const v = m.versions[version - 1]!;
  const valid = checker(v.payload, validators, model.options);
  return exampleFor(model.types, v.payload, v.examples, valid);
}

function printStepTest(file: GeneratedFile, model: CodegenModel, validators: ValidatorModules, step: PlannedStep, fn: string, from: string): void {
  const m = step.message;
  const names = serdeNames(m);
  const input = example(model, validators, m, step.from);
  const fromSerde = file.import(names.payload(step.from), from);
  const latestSerde = file.import(names.payload(m.versions.length), from);
  file.block(`it(${JSON.stringify(`upcasts a valid ${m.name} v${step.from} to a valid later version`)}, () => {`, () => {
    if (input === undefined) {
      file.line(`// No valid v${step.from} example could be made from the contract: write one here.`);
      file.line("const value: unknown = undefined;");
      file.line(`expect(${fromSerde}.validate(value)).toEqual([]);`);
      return;
    }
    file.line(`const value = ${printValue(input, "  ")};`);
    file.line(`expect(${fromSerde}.validate(value)).toEqual([]);`);
    let chain = `${fn}(value as ${typeNames(step).from})`;
    for (let k = step.from + 1; k < m.versions.length; k++) chain = `${file.import(upcasterName(m.name, k), from === "../serdes.js" ? "../upcasters.js" : "./upcasters.js")}(${chain})`;
    file.line(`expect(${latestSerde}.validate(${chain})).toEqual([]);`);
  }, "});");
}

/** Emits `src/upcasters.ts`, its test, and the stub files (and their tests) of steps that need a hand. */
export function emitUpcasters(model: CodegenModel, steps: readonly PlannedStep[], validators: ValidatorModules): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const main = new GeneratedFile("src/upcasters.ts");
  const mainTest = new GeneratedFile("src/upcasters.test.ts");
  mainTest.importAll(["describe", "expect", "it"], "vitest");
  let mainTests = 0;
  main.line("// Upcasters: each message's payload from one version to the next, chained so a consumer receives the");
  main.line("// latest version whatever version was written. Steps that need a hand live in ./upcasters/ (never overwritten).");
  main.line();
  for (const step of steps) {
    const fn = upcasterName(step.message.name, step.from);
    const { from, to } = typeNames(step);
    if (step.plan.expression !== undefined) {
      main.importType(from, "./types.js");
      main.importType(to, "./types.js");
      main.doc(stepDoc(step));
      main.block(`export function ${fn}(value: ${from}): ${to} {`, () => main.line(`return ${step.plan.expression};`));
      main.line();
      mainTest.import(fn, "./upcasters.js");
      mainTest.importType(from, "./types.js");
      mainTest.block(`describe(${JSON.stringify(fn)}, () => {`, () => printStepTest(mainTest, model, validators, step, fn, "./serdes.js"), "});");
      mainTest.line();
      mainTests++;
      continue;
    }
    const module = stubModule(step.message.name, step.from);
    main.line(`export { ${fn} } from "./${module}.js";`).line();

    const stub = new GeneratedFile(`src/${module}.ts`, HAND_WRITTEN_NOTICE);
    stub.import("UpcasterNotImplementedError", "../runtime/errors.js");
    stub.importType(from, "../types.js");
    stub.importType(to, "../types.js");
    stub.doc(
      [
        stepDoc(step),
        "",
        "The generator could not derive this step:",
        ...step.plan.reasons.map((r) => `- ${r}`),
        "",
        "Write the conversion in place of the throw; the test beside this file fails until you do.",
      ].join("\n"),
    );
    stub.block(`export function ${fn}(value: ${from}): ${to} {`, () => {
      stub.line(`throw new UpcasterNotImplementedError(${JSON.stringify(step.message.name)}, ${step.from}, ${step.from + 1}, ${JSON.stringify(step.plan.reasons[0] ?? "not derivable")});`);
    });
    files.push(stub);

    const test = new GeneratedFile(`src/${module}.test.ts`);
    test.importAll(["describe", "expect", "it"], "vitest");
    test.import(fn, `./${module.split("/").pop()}.js`);
    test.importType(from, "../types.js");
    test.block(`describe(${JSON.stringify(fn)}, () => {`, () => printStepTest(test, model, validators, step, fn, "../serdes.js"), "});");
    files.push(test);
  }
  for (const step of steps) {
    if (step.down.expression === undefined) continue;
    const { from, to } = typeNames(step);
    main.importType(from, "./types.js");
    main.importType(to, "./types.js");
    main.doc(`${step.message.name} v${step.from + 1} → v${step.from}, for consumers still on v${step.from} (Confluent's DOWNGRADE).\n\n${step.down.changes.map((c) => `- ${c}`).join("\n")}`);
    main.block(`export function ${downcasterName(step.message.name, step.from)}(value: ${to}): ${from} {`, () => main.line(`return ${step.down.expression};`));
    main.line();
  }
  if (steps.length === 0) main.line("// The contract was generated without a history: no upcasters.").line("export {};");
  files.unshift(main);
  if (mainTests > 0) files.push(mainTest);
  return files;
}
