import { describe, expect, it } from "vitest";
import { REPORT } from "../../test/sample-report.js";
import { cell, renderMarkdown } from "./summary.js";

describe("Markdown summary", () => {
  it("has the headline, the details, a facts table per section and a findings table", () => {
    const md = renderMarkdown(REPORT);
    expect(md).toContain("## ❌ Charter compatibility gate: 1 of 2 contracts break compatibility\n\n- Compared with base `main`\n");
    expect(md).toContain("### ❌ `schemas/a b,c.avsc`\n\n| format | level | verdict |\n|---|---|---|\n| AVRO | BACKWARD | breaking |\n");
    expect(md).toContain("| `TYPE_MISMATCH` | `/fields/0/type` | 5:25 | error | reader type: INT not compatible \\| with LONG<br>second line, 100% |");
    expect(md).toContain("| `MISSING_ENUM_SYMBOLS` | `/fields/1/type` | 9 | accepted: ignored: agreed with consumers | symbols removed |");
    expect(md).toContain("### ✅ `schemas/ok.avsc`");
    expect(cell("<b>x</b>")).toBe("&lt;b&gt;x&lt;/b&gt;");
  });
});
