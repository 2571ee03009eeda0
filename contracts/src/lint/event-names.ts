/**
 * Whether an event type name reads as a fact that happened (`OrderCreated`, `order.shipped`, `UserSignedUp`,
 * `PaymentFailedEvent`) rather than a command or a thing (`CreateOrder`, `Order`). The name is split into words
 * (camelCase / PascalCase, `.`, `_`, `-`, `:`, spaces); trailing words that only say "this is an event"
 * (`Event`, `Message`, `Notification`, version tags such as `V2`) and phrasal-verb particles (`SignedUp`,
 * `CheckedOut`) are skipped; the last remaining word must be a past participle: a regular one ending in `-ed`
 * (not `Feed`, `Seed`, `Speed` …) or an irregular one from a list of common English verbs.
 */

/** Trailing words that name the kind of thing, not what happened. */
const SUFFIXES = new Set(["event", "events", "evt", "message", "msg", "notification", "record", "payload", "data", "envelope", "fact"]);
/** Particles of phrasal verbs (`SignedUp`, `LoggedOut`, `TurnedOn`). */
const PARTICLES = new Set(["up", "out", "in", "off", "over", "down", "back", "on", "away", "through", "forward"]);
/** Words ending in `-ed` that are not past participles. */
const NOT_PAST = new Set(["bed", "red", "shed", "sled", "fed", "need", "feed", "seed", "speed", "breed", "deed", "weed", "greed", "bleed", "embed", "hundred", "sacred", "naked", "wicked", "ed", "med", "ted", "fred"]);
/** Common irregular past participles (and a few irregular past forms used as event names). */
const IRREGULAR = new Set(
  (
    "arisen awoken been born borne beaten become begun bent bet bid bitten bled blown broken bred brought built burnt bought caught chosen " +
    "come cost crept cut dealt dug done drawn dreamt drunk driven eaten fallen fed felt fought found fled flown forbidden forecast forgotten " +
    "forgiven frozen got gotten given gone ground grown hung had heard hidden hit held hurt kept knelt known laid led leant learnt left lent " +
    "let lain lit lost made meant met mistaken paid put quit read rebuilt redone reset resent resold rewritten rid ridden rung risen run sawn " +
    "said seen sought sold sent set sewn shaken shone shot shown shrunk shut sung sunk sat slain slept slid split spoken spent spilt spun spread " +
    "sprung stood stolen stuck stung struck sworn swept swum swung taken taught torn told thought thrown understood undone upheld upset woken " +
    "worn woven wed wept won wound withdrawn written overridden overwritten overtaken undertaken withheld outgrown mislaid misread misled"
  ).split(" "),
);

/** The words of a name: `OrderLineItemsUpdatedV2` → `order line items updated v2`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/** The word that decides whether `name` reads as past tense, after skipping suffixes and particles. */
export function decidingWord(name: string): string | undefined {
  const words = nameWords(name.includes(".") && /^[a-z]/.test(name) ? name : (name.split(".").pop() ?? name));
  while (words.length > 1 && (SUFFIXES.has(words[words.length - 1]!) || /^v?\d+$/.test(words[words.length - 1]!))) words.pop();
  while (words.length > 1 && PARTICLES.has(words[words.length - 1]!)) words.pop();
  return words[words.length - 1];
}

/** True when the word is a past participle (regular `-ed`, or irregular). */
export function isPastParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (IRREGULAR.has(w)) return true;
  return w.length > 3 && w.endsWith("ed") && !NOT_PAST.has(w);
}

/** True when the event name reads as a fact (see the module comment). */
export function readsAsFact(name: string): boolean {
  const word = decidingWord(name);
  return word !== undefined && isPastParticiple(word);
}
