import type { Violation } from "../format.js";

/**
 * The walk words every change from the writer schema to the reader schema ("minimum 0 added" = the reader has a
 * minimum the writer lacks). That is the user's own direction, old → new, when the reader is the new schema (a
 * BACKWARD check). When the reader is the old schema (FORWARD, and the forward half of FULL) it is backwards:
 * the user *removed* that minimum. These rewrites turn each message the walk writes, and its hint, into what the
 * user did from the old schema to the new one, and name the two schemas "old" and "new" instead of reader and
 * writer. Rules, paths and verdicts do not change.
 */

type Rewrite = readonly [RegExp, string];

// Ordered: the first matching pattern wins. `$1`… are the walk's own values (keywords, bounds, names).
const MESSAGE_REWRITES: readonly Rewrite[] = [
  [/^(\S+) (\S+) added: larger values were valid$/, "$1 $2 removed: consumers on the old schema reject larger values"],
  [/^(\S+) (\S+) added: smaller values were valid$/, "$1 $2 removed: consumers on the old schema reject smaller values"],
  [/^upper bound narrowed from (.+) to (.+)$/, "upper bound widened from $2 to $1: consumers on the old schema reject the values in between"],
  [/^lower bound narrowed from (.+) to (.+)$/, "lower bound widened from $2 to $1: consumers on the old schema reject the values in between"],
  [/^multipleOf (\S+) added$/, "multipleOf $1 removed: consumers on the old schema accept only its multiples"],
  [/^multipleOf (\S+) does not divide the writer's (\S+)$/, "multipleOf changed from $1 to $2, which $1 does not divide: consumers on the old schema reject the new values"],
  [/^the reader accepts only integers; the writer writes any number$/, "type widened from integer to number: consumers on the old schema accept only integers"],
  [/^(maxLength|maxItems|maxProperties) (\S+) added$/, "$1 $2 removed: consumers on the old schema reject longer values"],
  [/^(minLength|minItems|minProperties) (\S+) added$/, "$1 $2 removed: consumers on the old schema reject shorter values"],
  [/^(\S+) decreased from (\S+) to (\S+)$/, "$1 increased from $3 to $2: consumers on the old schema reject the larger values"],
  [/^(\S+) increased from (\S+) to (\S+)$/, "$1 decreased from $3 to $2: consumers on the old schema reject the smaller values"],
  [/^pattern (.+) added$/, "pattern $1 removed: consumers on the old schema reject values it does not match"],
  [/^pattern changed from (.+) to (.+)$/, "pattern changed from $2 to $1: consumers on the old schema reject values the new one allows"],
  [/^format (\S+) added: values of other formats were valid$/, "format $1 removed: consumers on the old schema reject values of other formats"],
  [/^format changed from (\S+) to (\S+)$/, "format changed from $2 to $1"],
  [/^(\S+) added: values it rejects were valid$/, "$1 removed: consumers on the old schema reject the values it rejects"],
  [/^(\S+) no longer accepts everything the writer's did$/, "$1 now accepts values the old schema's rejects"],
  [/^property (\S+) became required$/, "property $1 is no longer required: consumers on the old schema require it"],
  [/^property (\S+) is no longer accepted$/, "property $1 added: the old schema's closed content model rejects it"],
  [/^property (\S+) is not accepted by the reader's (\S+)$/, "property $1 added: the old schema's $2 does not accept it"],
  [/^properties (.+) are now constrained; the writer's open content model allowed any value for them$/, "properties $1 removed: the new open content model allows any value under those names, which the old schema constrains"],
  [/^property (\S+) does not accept what the writer's (\S+) allowed$/, "property $1 removed: the new schema's $2 allows values under that name the old property rejects"],
  [/^property (\S+) was added as required; the writer did not write it$/, "property $1 removed, but the old schema requires it"],
  [/^property (\S+) is now constrained; the writer's open content model allowed any value for it$/, "property $1 removed: the new open content model allows any value under that name, which the old schema constrains"],
  [/^(additional properties|additional items|\S+) are no longer allowed$/, "$1 are now allowed: the old schema rejects them"],
  [/^(additional properties|additional items|\S+) are now constrained$/, "$1 are no longer constrained: the old schema constrains them"],
  [/^items from index (\d+) are no longer allowed$/, "items from index $1 added: the old schema rejects them"],
  [/^item (\d+) does not match the reader's additionalItems$/, "item $1 added: the old schema's additionalItems does not accept it"],
  [/^item (\d+) is now constrained; the writer allowed any value there$/, "item $1 removed: the new schema allows any value there, which the old schema constrains"],
  [/^item (\d+) does not accept the writer's additionalItems$/, "item $1 removed: the new additionalItems allows values the old item $1 rejects"],
  [/^items are now constrained; the writer allowed any item$/, "items are no longer constrained: the old schema constrains them"],
  [/^items must now be unique$/, "items no longer need to be unique: consumers on the old schema reject duplicates"],
  [/^values are now restricted to an enum$/, "enum removed: consumers on the old schema accept only its values"],
  [/^enum no longer accepts (.+)$/, "enum now accepts $1: consumers on the old schema reject it"],
  [/^when (\S+) is present, (.+) are now required$/, "when $1 is present, $2 are no longer required: consumers on the old schema require them"],
  [/^when (\S+) is present, (.+) are now also required$/, "when $1 is present, $2 are no longer required: consumers on the old schema require them"],
  [/^a (dependency|dependent) schema for (\S+) was added$/, "the $1 schema for $2 was removed: consumers on the old schema still apply it"],
  [/^maxContains (\S+) is tighter than the writer's (\S+)$/, "maxContains relaxed from $1 to $2"],
  [/^combinator changed from (\S+) to (\S+)$/, "combinator changed from $2 to $1"],
  [/^allOf grew from (\d+) to (\d+) schemas$/, "allOf shrank from $2 to $1 schemas: consumers on the old schema still apply every one"],
  [/^(\S+) shrank from (\d+) to (\d+) schemas$/, "$1 grew from $3 to $2 schemas: consumers on the old schema accept none of the new ones"],
  [/^the reader's `not` now excludes values the writer's `not` allowed$/, "`not` narrowed: the new schema accepts values the old schema's `not` excludes"],
  [/^the writer's schema accepts any value; the reader's is constrained$/, "the new schema accepts any value here; the old schema constrains it"],
  [/^if\/then\/else changed: values the writer wrote may now fail its conditions$/, "if/then/else changed: values the new schema allows may fail the old conditions"],
  [/^type (.+) is not compatible with type (.+)$/, "type changed from $1 to $2: consumers on the old schema cannot read it"],
];

// After a rewrite, or for messages without one: the two schemas in the user's terms.
const ROLE_NAMES: readonly Rewrite[] = [
  [/\bthe reader's\b/g, "the old schema's"],
  [/\bthe writer's\b/g, "the new schema's"],
  [/\bthe reader\b/g, "the old schema"],
  [/\bthe writer\b/g, "the new schema"],
];

/** The usual fix when the new schema made the mirror change (it removed or widened what the rule names). */
function forwardHint(rule: string): string | undefined {
  if (rule === "ENUM_ARRAY_NARROWED") return "keep the enum as it was until every consumer reads the new values";
  if (rule === "TYPE_NARROWED") return "keep `integer` until every consumer reads numbers";
  if (rule === "TYPE_CHANGED") return "keep the old type, or add the new one beside it (anyOf) once every consumer reads it";
  if (/^(REQUIRED_ATTRIBUTE_ADDED|REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL)$/.test(rule)) return "keep writing the property (it may be deprecated), or give it a default in the old schema first";
  if (rule === "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL" || rule === "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL") return "first release a version consumers read that declares it (or opens the content model), then send it";
  if (/^(PROPERTY|ITEM)_REMOVED_NOT_COVERED/.test(rule)) return "give it a name or schema the old additionalProperties/patternProperties/additionalItems accept, or use the LENIENT policy";
  if (/^PROPERTY_ADDED_/.test(rule) || /^ITEM_ADDED_/.test(rule)) return "keep the property (it may be deprecated): consumers on the old schema constrain it";
  if (/_(ADDED)$/.test(rule)) return "keep the constraint until every consumer reads the wider values";
  if (/_(DECREASED|INCREASED|NARROWED|REMOVED|EXTENDED|EXPANDED|CHANGED)$/.test(rule)) return "keep the old constraint until every consumer reads the wider values";
  return undefined;
}

/** `message` of a violation found with the old schema as reader, in the user's old → new terms. */
export function forwardMessage(message: string): string {
  let out = message;
  for (const [pattern, replacement] of MESSAGE_REWRITES) {
    if (pattern.test(out)) {
      out = out.replace(pattern, replacement);
      break;
    }
  }
  for (const [pattern, replacement] of ROLE_NAMES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * `v` (and its causes) worded for a check whose reader is the old schema (`CompatibilityOptions.readerIs` =
 * "old"): message and hint say what the user changed from the old schema to the new one.
 */
export function inUserTerms(v: Violation): Violation {
  const hint = forwardHint(v.rule);
  return {
    ...v,
    message: forwardMessage(v.message),
    ...(hint !== undefined ? { hint } : {}),
    ...(v.causes ? { causes: v.causes.map(inUserTerms) } : {}),
  };
}
