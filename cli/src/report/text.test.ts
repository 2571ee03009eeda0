import { describe, expect, it } from "vitest";
import { REPORT } from "../../test/sample-report.js";
import { renderJsonReport } from "./json.js";
import { renderText } from "./text.js";

describe("text and JSON", () => {
  it("prints the headline, sections with facts and findings with file:line:col", () => {
    const text = renderText(REPORT);
    expect(text).toContain("Charter compatibility gate: 1 of 2 contracts break compatibility\n  Compared with base main\n");
    expect(text).toContain("[FAIL] schemas/a b,c.avsc (format AVRO, level BACKWARD, verdict breaking)\n  schemas/a b,c.avsc:5:25: error TYPE_MISMATCH at /fields/0/type\n");
    expect(text).toContain("      accepted: ignored: agreed with consumers");
    expect(JSON.parse(renderJsonReport(REPORT))).toEqual(REPORT);
  });
});
