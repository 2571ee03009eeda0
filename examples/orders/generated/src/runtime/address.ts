/**
 * Channel addresses with parameters (AsyncAPI `orders.{region}`): filling them in for a send, matching them
 * for a subscription, and reading the parameter values back from a concrete address.
 */
import { MessagingError } from "./errors.js";

/** Parameter values by name, as the generated `…Parameters` interfaces type them. */
export type ParameterValues = { readonly [name: string]: string | number | undefined };

const PARAMETER = /\{([^{}]+)\}/g;

/** The names of the `{parameters}` of an address template, in order. */
export function parameterNames(template: string): string[] {
  return [...template.matchAll(PARAMETER)].map((m) => m[1]!);
}

/**
 * The concrete address: every `{name}` replaced by its value.
 * @throws MessagingError `PARAMETER_INVALID` when a value is missing or empty.
 */
export function formatAddress(template: string, values: ParameterValues = {}): string {
  return template.replace(PARAMETER, (_, name: string) => {
    const value = values[name];
    if (value === undefined || String(value) === "") throw new MessagingError("PARAMETER_INVALID", `channel ${template}: parameter ${name} is missing`);
    return String(value);
  });
}

/** True when every parameter of `template` has a value in `values`. */
export function isComplete(template: string, values: ParameterValues = {}): boolean {
  return parameterNames(template).every((name) => values[name] !== undefined && String(values[name]) !== "");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A regular expression matching every address of `template` whose known parameters have the given values. */
export function addressPattern(template: string, values: ParameterValues = {}): RegExp {
  let source = "";
  let last = 0;
  for (const m of template.matchAll(PARAMETER)) {
    source += escapeRegExp(template.slice(last, m.index));
    const value = values[m[1]!];
    source += value === undefined ? "(.+?)" : escapeRegExp(String(value));
    last = m.index + m[0].length;
  }
  return new RegExp(`^${source}${escapeRegExp(template.slice(last))}$`);
}

/** The parameter values of a concrete `address` of `template`; `undefined` when it does not match. */
export function parseAddress(template: string, address: string): Record<string, string> | undefined {
  const names = parameterNames(template);
  const match = addressPattern(template).exec(address);
  if (!match) return undefined;
  const out: Record<string, string> = {};
  names.forEach((name, i) => (out[name] = match[i + 1]!));
  return out;
}

/**
 * The address with each unknown parameter replaced by `wildcard` (NATS `*`, AMQP topic `*`) when the
 * parameter fills a whole `separator`-delimited token; `undefined` when one does not (the caller then
 * subscribes more widely and filters with {@link addressPattern}).
 */
export function wildcardAddress(template: string, values: ParameterValues, wildcard: string, separator = "."): string | undefined {
  const tokens = template.split(separator);
  const out: string[] = [];
  for (const token of tokens) {
    const names = parameterNames(token);
    if (names.length === 0) {
      out.push(token);
      continue;
    }
    if (names.every((n) => values[n] !== undefined)) {
      out.push(formatAddress(token, values));
      continue;
    }
    if (names.length !== 1 || token !== `{${names[0]}}`) return undefined;
    out.push(wildcard);
  }
  return out.join(separator);
}
