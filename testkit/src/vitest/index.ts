/**
 * `@charter/testkit/vitest`: importing this module adds the Charter matchers to vitest's `expect`. Put it in
 * `setupFiles` (`test: { setupFiles: ["@charter/testkit/vitest"] }`) and the types follow.
 */
import { expect } from "vitest";
import { charterMatchers, type CharterMatchers } from "./matchers.js";

expect.extend(charterMatchers);

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- must repeat vitest's declaration to merge
  interface Matchers<T = any> extends CharterMatchers<T> {}
}

export { charterMatchers, type CharterMatchers, type PublishedMessagePattern } from "./matchers.js";
export { partialDifferences, formatDifferences, type Difference, type Equals } from "./partial-match.js";
