import { describe, expect, it } from "vitest";
import { REPORT } from "../../test/sample-report.js";
import type { Finding, Report } from "./report.js";
import { annotation, escapeData, escapeProperty, renderAnnotations } from "./annotations.js";

describe("GitHub annotations", () => {
  it("escapes data and properties as the runner expects", () => {
    expect(escapeData("a%b\r\nc")).toBe("a%25b%0D%0Ac");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
  });

  it("prints one workflow command per finding; accepted ones as notices with their reason", () => {
    expect(renderAnnotations(REPORT).split("\n")).toEqual([
      "::error file=schemas/a b%2Cc.avsc,line=5,col=25,title=TYPE_MISMATCH (BACKWARD)::reader type: INT not compatible | with LONG%0Asecond line, 100%25",
      "::notice file=schemas/a b%2Cc.avsc,line=9,title=MISSING_ENUM_SYMBOLS::Accepted (ignored: agreed with consumers): symbols removed",
      "::warning title=BASE_INVALID::something about the run",
      "",
    ]);
    expect(annotation({ rule: "R", severity: "note", message: "m" })).toBe("::notice title=R::m");
  });

  it("prints at most 10 annotations of a kind (GitHub shows no more per step); the 10th says how many more and where they are", () => {
    const errors: Finding[] = Array.from({ length: 200 }, (_, i) => ({ rule: "TYPE_MISMATCH", severity: "error", message: `field ${i}`, file: "a.avsc", line: i + 1 }));
    const warnings: Finding[] = Array.from({ length: 11 }, (_, i) => ({ rule: "BASE_INVALID", severity: "warning", message: `w${i}` }));
    const notices: Finding[] = Array.from({ length: 10 }, (_, i) => ({ rule: "R", severity: "error", message: `n${i}`, accepted: "ok" }));
    const report: Report = { ...REPORT, sections: [{ title: "a.avsc", status: "fail", facts: {}, findings: [...errors, ...notices] }], general: warnings };
    const lines = renderAnnotations(report, { rest: "see the summary" }).trimEnd().split("\n");
    const of = (kind: string): string[] => lines.filter((l) => l.startsWith(`::${kind} `));
    expect(of("error")).toHaveLength(10);
    expect(of("error").slice(0, 9)).toEqual(errors.slice(0, 9).map((f) => annotation(f)));
    expect(of("error")[9]).toBe("::error title=191 more errors not annotated::200 errors in all; GitHub shows 10 errors per step, so 191 more are not annotated here: see the summary.");
    expect(of("warning")).toHaveLength(10);
    expect(of("warning")[9]).toContain("title=2 more warnings not annotated::11 warnings in all");
    // Exactly 10 of a kind fit: no overflow annotation.
    expect(of("notice")).toEqual(notices.map((f) => annotation(f)));
    expect(lines).toHaveLength(30);
  });
});
