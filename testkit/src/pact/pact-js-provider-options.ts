import { TestkitError } from "../errors.js";

/**
 * pact-js `MessageProviderPact` / `Verifier` options that `verifyContractMessages` does not take, with what to
 * do instead. pact-js docs (provider verification): `messageProviders` maps a description to a function
 * returning the message body; broker options fetch pacts and publish results. Here producers publish to the
 * in-memory broker instead, and pacts are read from files.
 */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  messageProviders:
    "pass `messages` instead: per interaction description, a function that publishes the message with your real producing code on the given kafka client (the last message on the interaction's topic is verified)",
  pactUrls: "pass `pactFiles` (local pact files) or `pactDir` instead",
  pactBrokerUrl: "Pact Broker verification is not supported here: fetch the pacts to files (e.g. `pact-broker` CLI) and pass `pactFiles`, or use pact-js `MessageProviderPact` directly",
  consumerVersionSelectors: "Pact Broker verification is not supported here: fetch the pacts to files and pass `pactFiles`",
  publishVerificationResult: "publishing verification results is not supported here: use pact-js `MessageProviderPact` directly",
};

/**
 * Throws `TestkitError` `INVALID_ARGUMENT` when `options` carries a pact-js provider option this wrapper does
 * not take (see `UNSUPPORTED`), naming the option and what to pass instead — so a pact-js style call fails
 * loudly instead of having its options silently ignored.
 */
export function rejectPactJsProviderOptions(options: object): void {
  const found = Object.keys(options).filter((k) => k in UNSUPPORTED);
  if (found.length > 0) {
    throw new TestkitError("INVALID_ARGUMENT", `verifyContractMessages does not take ${found.map((k) => `\`${k}\` — ${UNSUPPORTED[k]}`).join("; ")}`, { options: found });
  }
}
