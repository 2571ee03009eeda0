import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Matchers, MatchersV3, Pact } from "@pact-foundation/pact";
import { type ContractSource, type LoadedContract, loadContract } from "../contracts/load-contract.js";
import { errorText, TestkitError } from "../errors.js";
import { type ContractMessage, contractExample, contractExampleHeaders, contractTopic, valueJsonSchema } from "./contract-message.js";
import { matchersFromSchema } from "./matchers-from-schema.js";
import { containsPactMatchers } from "./pact-matchers-in-example.js";

// Pact's usage tracking calls home; tests must not.
process.env["PACT_DO_NOT_TRACK"] ??= "true";

/**
 * A provider state: a name, or a name with parameters (pact-js `given(name, params)`; Pact V4 `providerStates[]`
 * entries `{ name, params }`).
 */
export type ProviderState = string | { readonly name: string; readonly params?: Record<string, unknown> };

/** Options of {@link consumeContractMessage}. */
export interface ConsumeContractMessageOptions {
  /** Pacticipant names, as a Pact Broker knows them. */
  readonly consumer: string;
  readonly provider: string;
  /** The contract of the message: a JSON Schema / Avro file, a registry subject, or an AsyncAPI file + `message`. */
  readonly contract: ContractSource | LoadedContract;
  /** Interaction description (the join key with the provider). Default `<message id or file name> on <topic>`. */
  readonly description?: string;
  /**
   * Provider state(s) the message needs, in order — one, or several as chained pact-js `.given(…)` calls write.
   * The provider's `stateHandlers` get each state's `params`.
   */
  readonly providerState?: ProviderState | readonly ProviderState[];
  /** Kafka topic; default the AsyncAPI channel's Kafka topic/address. Written as metadata `topic` (exact). */
  readonly topic?: string;
  /**
   * Example Kafka key, written as metadata `key`: a string is matched by type; a Pact matcher (e.g.
   * `MatchersV3.uuid(…)`, as pact-js `withMetadata` takes) as it says. Default: none.
   */
  readonly key?: string | MatchersV3.Matcher<string>;
  /**
   * Kafka headers, written as metadata: strings match exactly, Pact matchers as they say. Default: the AsyncAPI
   * message example's headers, matched exactly.
   */
  readonly headers?: Readonly<Record<string, unknown>>;
  /**
   * Use this body instead of the contract's example. It may hold Pact matchers (`MatchersV3.like`, `eachLike`,
   * `regex`, `uuid`, `datetime`…, as pact-js `withJSONContent` takes them): then it is written as given — your
   * matchers replace the schema-derived ones — and its reified form (what the handler gets) must satisfy the
   * contract. Without matchers, the schema-derived matchers are applied to it.
   */
  readonly example?: unknown;
  /** Pact file directory. Default `./pacts` (Pact's default). */
  readonly dir?: string;
  /** Pact's log level. Default `warn`. */
  readonly logLevel?: "trace" | "debug" | "info" | "warn" | "error";
  /**
   * The consumer's real handler, run with the message Pact hands over (the example, reified). Throwing fails
   * the test and writes no interaction.
   */
  readonly handler: (message: ContractMessage) => Promise<unknown> | unknown;
}

/**
 * Writes a Pact V4 `Asynchronous/Messages` interaction built from a contract and runs the consumer's handler on
 * it (Pact JS `addAsynchronousInteraction().expectsToReceive(…).executeTest(…)`):
 * - the body is the contract's example (AsyncAPI message example, schema `examples`, or generated — always
 *   validated against the contract) with matchers derived from the schema (see `matchersFromSchema`);
 * - topic, key and headers go into the message metadata;
 * - the pact file `<consumer>-<provider>.json` is written (merged) under `dir`.
 * Resolves to the message the handler received. Errors: `TestkitError` (`CONTRACT_UNAVAILABLE`,
 * `INVALID_ARGUMENT` — also when an existing pact file to merge into is not JSON), or whatever the handler throws.
 */
export async function consumeContractMessage(options: ConsumeContractMessageOptions): Promise<ContractMessage> {
  const contract = await loadContract(options.contract, options.topic);
  const example = contractExample(contract, options.example);
  const schema = valueJsonSchema(contract);
  // The user's own matchers win: pact-js writes a body's matchers as given.
  const body = containsPactMatchers(options.example) ? options.example : schema === undefined ? Matchers.like(example) : matchersFromSchema(schema, example);
  const topic = options.topic ?? contractTopic(contract);
  const headers: Record<string, unknown> = options.headers ?? contractExampleHeaders(contract);
  const metadata: Record<string, unknown> = { ...headers };
  if (topic !== undefined) metadata["topic"] = topic;
  if (options.key !== undefined) metadata["key"] = typeof options.key === "string" ? Matchers.like(options.key) : options.key;
  const description = options.description ?? `${contract.message?.id ?? contract.value?.origin ?? "a message"}${topic ? ` on ${topic}` : ""}`;

  const dir = options.dir ?? "./pacts";
  assertMergeablePactFile(join(dir, `${options.consumer}-${options.provider}.json`));
  const pact = new Pact({ consumer: options.consumer, provider: options.provider, dir, logLevel: options.logLevel ?? "warn" });
  let interaction = pact.addAsynchronousInteraction();
  const states: readonly ProviderState[] = options.providerState === undefined ? [] : Array.isArray(options.providerState) ? options.providerState : [options.providerState as ProviderState];
  for (const state of states) {
    interaction = typeof state === "string" ? interaction.given(state) : interaction.given(state.name, state.params as Parameters<typeof interaction.given>[1]);
  }
  let received: ContractMessage | undefined;
  await interaction
    .expectsToReceive(description, (builder) => {
      builder.withJSONContent(body);
      // pact-js rejects an empty metadata object ("provide valid metadata … or none at all"): a bare schema file
      // with no topic, key or headers has none.
      if (Object.keys(metadata).length > 0) builder.withMetadata(metadata as Record<string, string>);
    })
    .executeTest(async (message: { contents?: { content?: unknown }; metadata?: Record<string, unknown> }) => {
      const meta = message.metadata ?? {};
      const stringHeaders = Object.fromEntries(
        Object.keys(headers).map((k) => [k, typeof meta[k] === "string" ? (meta[k] as string) : JSON.stringify(meta[k])]),
      );
      received = {
        topic: typeof meta["topic"] === "string" ? meta["topic"] : (topic ?? ""),
        key: typeof meta["key"] === "string" ? meta["key"] : null,
        value: message.contents?.content,
        headers: stringHeaders,
      };
      await options.handler(received);
    });
  if (!received) throw new TestkitError("INVALID_ARGUMENT", `Pact did not hand the message "${description}" to the handler`);
  return received;
}

/**
 * pact-js merges each run into the existing `<consumer>-<provider>.json`; a file that is not JSON would only fail
 * after the handler ran, as "The pact core was unable to write the pact file". Say which file and what to do.
 */
function assertMergeablePactFile(file: string): void {
  if (!existsSync(file)) return;
  try {
    JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new TestkitError("INVALID_ARGUMENT", `the existing pact file ${file} is not valid JSON (${errorText(e)}), so Pact cannot merge this interaction into it: delete it and run the consumer tests again`, { file });
  }
}
