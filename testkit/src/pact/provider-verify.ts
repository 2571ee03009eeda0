import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MessageProviderPact } from "@pact-foundation/pact";
import type { Kafka } from "kafkajs";
import { type ContractSource, type LoadedContract, loadContract, violationsOf } from "../contracts/load-contract.js";
import { errorText, TestkitError } from "../errors.js";
import { createBroker, type TestBroker } from "../test-broker.js";
import { rejectPactJsProviderOptions } from "./pact-js-provider-options.js";

process.env["PACT_DO_NOT_TRACK"] ??= "true";

/** What a provider's message producer gets: a fresh broker (reset per interaction) and its kafkajs client. */
export interface ProducerContext {
  readonly broker: TestBroker;
  readonly kafka: Kafka;
  /** Provider states of the interaction being verified. */
  readonly states: ReadonlyArray<{ name: string; params?: Record<string, unknown> }>;
}

/** Options of {@link verifyContractMessages}. */
export interface VerifyContractMessagesOptions {
  readonly provider: string;
  /** Pact files to verify. Default: every `*.json` pact under `pactDir` whose provider is `provider`. */
  readonly pactFiles?: readonly string[];
  /** Default `./pacts`. */
  readonly pactDir?: string;
  /**
   * Per interaction description: the provider's real producing code, run against the in-memory broker. The
   * last message it publishes on the interaction's `topic` (metadata) — or anywhere, when the pact names no
   * topic — is what gets verified.
   */
  readonly messages: Readonly<Record<string, (context: ProducerContext) => Promise<void>>>;
  /** Contracts the produced values must satisfy, per topic (checked in the same call). */
  readonly contracts?: Readonly<Record<string, ContractSource | LoadedContract>>;
  /**
   * Provider state set-up, by state name (pact-js `stateHandlers`), run in the pact's order, after the broker is
   * reset and before the producer runs. pact-js's shapes work, so handlers copied from its docs run unchanged:
   * `(params) => …` (the Verifier's `StateFunc`) or `{ setup, teardown }` (`teardown` runs right after the
   * producer); and a JavaScript function declaring two parameters is called `(stateName, params)`, as pact-js's
   * `MessageProviderPact` calls its `MessageStateHandlers`. A state without a handler is ignored
   * (as pact-js does); a handler that throws fails the interaction with `VERIFICATION_FAILED` naming it.
   */
  readonly stateHandlers?: Readonly<Record<string, ProviderStateHandler>>;
  /** The broker to run producers on (reset before each interaction). Default: a new `createBroker()`. */
  readonly broker?: TestBroker;
  readonly providerVersion?: string;
  readonly logLevel?: "trace" | "debug" | "info" | "warn" | "error";
}

/** A provider state's set-up in one of pact-js's shapes (see `VerifyContractMessagesOptions.stateHandlers`). */
export type ProviderStateHandler =
  | ((params?: Record<string, unknown>) => Promise<unknown> | unknown)
  | {
      readonly setup?: (params?: Record<string, unknown>) => Promise<unknown> | unknown;
      readonly teardown?: (params?: Record<string, unknown>) => Promise<unknown> | unknown;
    };

/** Runs `handler`'s set-up (or, with `phase` "teardown", its teardown) for `state`, in the shape it was given. */
async function runStateHandler(handler: ProviderStateHandler, state: { name: string; params?: Record<string, unknown> }, phase: "setup" | "teardown"): Promise<void> {
  if (typeof handler !== "function") {
    await handler[phase]?.(state.params);
    return;
  }
  if (phase === "teardown") return;
  // pact-js MessageProviderPact calls its handlers with (state name, params); the Verifier's take (params).
  if (handler.length >= 2) await (handler as unknown as (stateName: string, params?: Record<string, unknown>) => unknown)(state.name, state.params);
  else await handler(state.params);
}

/** One failure of a verification: the interaction, the JSON path, and expected/actual where Pact gives them. */
export interface VerificationFailure {
  readonly interaction: string;
  readonly source: "pact" | "contract" | "provider";
  readonly path: string;
  readonly message: string;
  readonly expected?: unknown;
  readonly actual?: unknown;
}

/** What a successful verification covered. */
export interface VerificationReport {
  readonly pactFiles: readonly string[];
  readonly interactions: readonly string[];
}

interface PactFileShape {
  provider?: { name?: string };
  interactions?: Array<{ description?: string; type?: string; metadata?: Record<string, unknown> }>;
}

/**
 * Verifies the provider side of message pacts in one call: for each interaction, runs the provider's real
 * producing code on the in-memory broker, captures what it publishes, checks the value against the topic's
 * contract (`contracts`, and any `bindContract` on the broker), and hands it to Pact's own verifier
 * (`MessageProviderPact`, pact_ffi) with topic, key and headers as metadata. Resolves with what was verified;
 * rejects with `TestkitError` `VERIFICATION_FAILED` whose message names each failing interaction, the path and
 * the expected/actual values (`details.failures` has them as data). Rejects with `INVALID_ARGUMENT` when no
 * pact file is found or when given pact-js options it does not take (`messageProviders`, `pactBrokerUrl`, …;
 * the message says what to pass instead).
 */
export async function verifyContractMessages(options: VerifyContractMessagesOptions): Promise<VerificationReport> {
  rejectPactJsProviderOptions(options);
  const pactFiles = (options.pactFiles ?? findPactFiles(options.pactDir ?? "./pacts", options.provider)).map((f) => resolve(f));
  if (pactFiles.length === 0) {
    throw new TestkitError("INVALID_ARGUMENT", `no pact files for provider ${options.provider} under ${options.pactDir ?? "./pacts"}; run the consumer tests first`);
  }
  const interactions = pactFiles.flatMap((f) => (JSON.parse(readFileSync(f, "utf8")) as PactFileShape).interactions ?? []);
  const broker = options.broker ?? createBroker();
  const kafka = broker.kafka({ logLevel: 0 });
  const contracts = new Map<string, LoadedContract>();
  for (const [topic, c] of Object.entries(options.contracts ?? {})) contracts.set(topic, await loadContract(c, topic));
  const failures: VerificationFailure[] = [];

  const messageProviders: Record<string, (descriptor: { providerStates?: Array<{ name: string; params?: Record<string, unknown> }> }) => Promise<unknown>> = {};
  for (const interaction of interactions) {
    const description = interaction.description ?? "";
    const produce = options.messages[description];
    if (!produce) {
      failures.push({ interaction: description, source: "provider", path: "", message: `no producer given for interaction "${description}" (options.messages)` });
      continue;
    }
    const topic = typeof interaction.metadata?.["topic"] === "string" ? (interaction.metadata["topic"] as string) : undefined;
    messageProviders[description] = async (descriptor) => {
      broker.reset();
      const states = descriptor.providerStates ?? [];
      // States run here, after the reset, so a state handler may seed the broker, and a throw is reported with
      // its interaction and cause (pact-js would only answer its verifier with a bare HTTP 500).
      const runStates = async (phase: "setup" | "teardown"): Promise<void> => {
        for (const state of states) {
          const handler = options.stateHandlers?.[state.name];
          if (!handler) continue; // pact-js: "no state handler found …, ignoring"
          try {
            await runStateHandler(handler, state, phase);
          } catch (e) {
            failures.push({ interaction: description, source: "provider", path: "", message: `the state ${phase === "setup" ? "handler" : "teardown"} of "${state.name}" threw: ${errorText(e)}` });
            throw e;
          }
        }
      };
      await runStates("setup");
      try {
        await produce({ broker, kafka, states });
      } catch (e) {
        failures.push({ interaction: description, source: "provider", path: "", message: `the producer threw: ${errorText(e)}` });
        throw e;
      }
      await runStates("teardown");
      const published = broker.decoded(topic);
      const last = published[published.length - 1];
      if (!last) {
        failures.push({ interaction: description, source: "provider", path: "", message: `the provider published nothing${topic ? ` to topic ${topic}` : ""}` });
        return { __pactMessageMetadata: {}, message: null };
      }
      const contract = contracts.get(last.topic);
      if (contract?.value) {
        const violations = violationsOf(contract.value, last.value);
        for (const v of violations) {
          failures.push({ interaction: description, source: "contract", path: v.path || "/", message: `${v.message} (rule ${v.rule}; ${contract.value.origin})` });
        }
      }
      return { __pactMessageMetadata: { ...last.headers, topic: last.topic, ...(last.key !== null ? { key: last.key } : {}) }, message: last.value };
    };
  }

  let pactError: unknown;
  try {
    await new MessageProviderPact({
      provider: options.provider,
      pactUrls: pactFiles,
      messageProviders,
      // The real handlers run inside the message providers above; these only tell pact-js the states are known.
      stateHandlers: Object.fromEntries(Object.keys(options.stateHandlers ?? {}).map((name) => [name, async () => {}])),
      logLevel: options.logLevel ?? "warn",
      ...(options.providerVersion ? { providerVersion: options.providerVersion } : {}),
    }).verify();
  } catch (e) {
    pactError = e;
  }
  if (pactError !== undefined) failures.push(...pactFailures(pactError, interactions.map((i) => i.description ?? "")));
  if (failures.length > 0) {
    const lines = failures.map(
      (f) =>
        `  interaction "${f.interaction}" [${f.source}] ${f.path}: ${f.message}` +
        (f.expected !== undefined || f.actual !== undefined ? ` (expected ${f.expected}, actual ${f.actual})` : ""),
    );
    throw new TestkitError("VERIFICATION_FAILED", `provider ${options.provider} does not honour its message pacts:\n${lines.join("\n")}`, { failures });
  }
  return { pactFiles, interactions: interactions.map((i) => i.description ?? "") };
}

/** Pact files under `dir` whose `provider.name` is `provider`. */
export function findPactFiles(dir: string, provider: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  return names
    .map((n) => join(dir, n))
    .filter((file) => {
      try {
        return (JSON.parse(readFileSync(file, "utf8")) as PactFileShape).provider?.name === provider;
      } catch {
        return false;
      }
    });
}

interface PactVerifierOutput {
  errors?: Array<{ interaction?: string; mismatch?: { mismatches?: Array<{ path?: string; expected?: unknown; actual?: unknown; mismatch?: string; type?: string }> } }>;
}

/** Reads the failures out of the error Pact JS rejects with (a JSON verifier report, or plain text). */
function pactFailures(e: unknown, descriptions: readonly string[]): VerificationFailure[] {
  const text = errorText(e);
  let report: PactVerifierOutput | undefined;
  try {
    report = JSON.parse(text) as PactVerifierOutput;
  } catch {
    return [{ interaction: "(all)", source: "pact", path: "", message: text }];
  }
  const out: VerificationFailure[] = [];
  for (const err of report.errors ?? []) {
    // Pact names it "Verifying a pact between C and P [Given S] - <description>"; report the description.
    const interaction = descriptions.find((d) => err.interaction?.endsWith(` - ${d}`)) ?? err.interaction ?? "";
    for (const m of err.mismatch?.mismatches ?? [{ mismatch: "verification failed" }]) {
      out.push({ interaction, source: "pact", path: m.path ?? "", message: m.mismatch ?? m.type ?? "mismatch", expected: m.expected, actual: m.actual });
    }
  }
  return out.length > 0 ? out : [{ interaction: "(all)", source: "pact", path: "", message: text }];
}
