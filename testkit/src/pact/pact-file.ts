/** One reason a pact file is not a standard V4 pact: a JSON Pointer into the file and what is wrong there. */
export interface PactFileProblem {
  readonly path: string;
  readonly message: string;
}

const INTERACTION_TYPES = new Set(["Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages"]);
const MATCHING_CATEGORIES = new Set(["body", "header", "path", "query", "metadata", "status", "content"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks a parsed pact file against the Pact Specification V4 shape that a Pact Broker accepts on publish:
 * `consumer.name`/`provider.name`; `metadata.pactSpecification.version` `4.0`; `interactions[]` each with a
 * known `type`, a `description`, `providerStates[]` of `{ name, params? }`, unique description + states;
 * message interactions with a `contents` body (`contentType`, `encoded` false/"base64"/"JSON", `content`),
 * `metadata` object, and `matchingRules` by category with `$`-rooted paths and `{ match }` matchers.
 * Returns the problems (empty = a valid V4 pact).
 */
export function checkPactFileV4(pact: unknown): PactFileProblem[] {
  const problems: PactFileProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(pact)) return [{ path: "", message: "a pact file is a JSON object" }];
  for (const side of ["consumer", "provider"] as const) {
    const p = pact[side];
    if (!isObject(p) || typeof p["name"] !== "string" || p["name"].length === 0) problem(`/${side}/name`, `${side}.name must be a non-empty string`);
  }
  const meta = pact["metadata"];
  const version = isObject(meta) && isObject(meta["pactSpecification"]) ? meta["pactSpecification"]["version"] : undefined;
  if (version !== "4.0") problem("/metadata/pactSpecification/version", `must be "4.0", found ${JSON.stringify(version)}`);
  const interactions = pact["interactions"];
  if (!Array.isArray(interactions) || interactions.length === 0) {
    problem("/interactions", "must be a non-empty array");
    return problems;
  }
  const seen = new Set<string>();
  interactions.forEach((i: unknown, n) => {
    const at = `/interactions/${n}`;
    if (!isObject(i)) return problem(at, "must be an object");
    if (typeof i["type"] !== "string" || !INTERACTION_TYPES.has(i["type"])) problem(`${at}/type`, `must be one of ${[...INTERACTION_TYPES].join(", ")}`);
    if (typeof i["description"] !== "string" || i["description"].length === 0) problem(`${at}/description`, "must be a non-empty string");
    const states = i["providerStates"] ?? [];
    if (!Array.isArray(states)) problem(`${at}/providerStates`, "must be an array");
    else {
      states.forEach((s: unknown, k) => {
        if (!isObject(s) || typeof s["name"] !== "string") problem(`${at}/providerStates/${k}/name`, "must be a string");
        else if (s["params"] !== undefined && !isObject(s["params"])) problem(`${at}/providerStates/${k}/params`, "must be an object");
      });
      const key = JSON.stringify([i["description"], states]);
      if (seen.has(key)) problem(`${at}`, "duplicate interaction (same description and provider states)");
      seen.add(key);
    }
    if (i["pending"] !== undefined && typeof i["pending"] !== "boolean") problem(`${at}/pending`, "must be a boolean");
    if (i["type"] === "Asynchronous/Messages") {
      const contents = i["contents"];
      if (!isObject(contents)) problem(`${at}/contents`, "a message needs a contents body");
      else {
        if (!("content" in contents)) problem(`${at}/contents/content`, "missing");
        if (typeof contents["contentType"] !== "string") problem(`${at}/contents/contentType`, "must be a string");
        const enc = contents["encoded"];
        if (enc !== undefined && enc !== false && enc !== "base64" && enc !== "JSON") problem(`${at}/contents/encoded`, 'must be false, "base64" or "JSON"');
      }
      if (i["metadata"] !== undefined && !isObject(i["metadata"])) problem(`${at}/metadata`, "must be an object");
    }
    const rules = i["matchingRules"];
    if (rules !== undefined) {
      if (!isObject(rules)) problem(`${at}/matchingRules`, "must be an object");
      else {
        for (const [category, byPath] of Object.entries(rules)) {
          const cat = `${at}/matchingRules/${category}`;
          if (!MATCHING_CATEGORIES.has(category)) problem(cat, "unknown matching-rule category");
          if (!isObject(byPath)) {
            problem(cat, "must map paths to rules");
            continue;
          }
          for (const [path, rule] of Object.entries(byPath)) {
            const rp = `${cat}/${path.replace(/~/g, "~0").replace(/\//g, "~1")}`;
            if (category === "body" && !path.startsWith("$")) problem(rp, "body rule paths start with $");
            if (!isObject(rule) || !Array.isArray(rule["matchers"]) || rule["matchers"].length === 0) problem(rp, "needs a non-empty matchers array");
            else {
              if (rule["combine"] !== undefined && rule["combine"] !== "AND" && rule["combine"] !== "OR") problem(`${rp}/combine`, 'must be "AND" or "OR"');
              (rule["matchers"] as unknown[]).forEach((m, k) => {
                if (!isObject(m) || typeof m["match"] !== "string") problem(`${rp}/matchers/${k}/match`, "must be a string");
              });
            }
          }
        }
      }
    }
  });
  return problems;
}
