import { nameWords } from "../event-names.js";
import type { LintRule, RuleReport } from "../rule.js";

/**
 * The domain of an event name: the first `domains` entry with a prefix the name starts with, else its first
 * `words` words (`OrderLineAdded` with words 1 → `order`).
 */
export function domainOf(name: string, words: number, domains: ReadonlyArray<readonly [string, readonly string[]]>): string {
  for (const [domain, prefixes] of domains) if (prefixes.some((p) => name.startsWith(p))) return domain;
  return nameWords(name).slice(0, Math.max(1, words)).join(".");
}

/** TOPIC_PER_DOMAIN: an AsyncAPI channel (topic) carries events of one domain. */
export const TOPIC_PER_DOMAIN: LintRule = {
  id: "TOPIC_PER_DOMAIN",
  formats: ["ASYNCAPI"],
  defaultSeverity: "off",
  rationale: "A topic mixing domains couples unrelated consumers, ownership, retention and access control.",
  hint: "Move the other domain's messages to a channel of their own, or configure the rule's domains when the names mislead it.",
  practice:
    "One topic per domain (or per aggregate): consumers subscribe to a domain's events, the owning team controls its topic, and retention/ACLs follow the domain. The domain of a message is a configured name prefix, else the first word(s) of its name.",
  optionDocs: {
    words: "how many leading words of a message name make its domain (default 1)",
    domains: "domain → list of name prefixes, checked before the word rule (e.g. { billing: [Invoice, Payment] })",
  },
  check({ view, options }) {
    const words = typeof options["words"] === "number" ? options["words"] : 1;
    const raw = options["domains"];
    const domains: Array<[string, string[]]> = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? Object.entries(raw).map(([d, p]) => [d, Array.isArray(p) ? p.map(String) : [String(p)]]) : [];
    const out: RuleReport[] = [];
    for (const channel of view.channels) {
      const byDomain = new Map<string, string[]>();
      for (const event of channel.events) {
        const name = event.name ?? event.key;
        const d = domainOf(name, words, domains);
        byDomain.set(d, [...(byDomain.get(d) ?? []), name]);
      }
      if (byDomain.size < 2) continue;
      const list = [...byDomain].map(([d, names]) => `${d} (${[...new Set(names)].join(", ")})`).join("; ");
      out.push({ path: channel.path, message: `channel ${channel.address ?? channel.id} carries messages of ${byDomain.size} domains: ${list}` });
    }
    return out;
  },
};
