import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "../../cli/test/gate-fixture.js";
import { bundleOptions, ROOT } from "../build.js";

describe("ci/dist/index.js", () => {
  const dir = tempDir("bundle");
  afterAll(() => removeDir(dir));

  it("is exactly what `npm run build:action` produces from the current sources (rebuild and commit it when this fails)", async () => {
    const fresh = join(dir, "index.js");
    await build(bundleOptions(fresh));
    const committed = readFileSync(join(ROOT, "ci/dist/index.js"));
    const rebuilt = readFileSync(fresh);
    expect(rebuilt.length, "bundle size differs: run `npm run build:action` and commit ci/dist/index.js").toBe(committed.length);
    expect(rebuilt.equals(committed), "bundle differs: run `npm run build:action` and commit ci/dist/index.js").toBe(true);
  });

  it("is what action.yml runs, on node20", () => {
    const action = readFileSync(join(ROOT, "ci/action.yml"), "utf8");
    expect(action).toMatch(/^runs:\n {2}using: node20\n {2}main: dist\/index\.js$/m);
  });
});
