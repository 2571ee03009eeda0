import { describe, expect, it } from "vitest";
import { REPORT } from "../../test/sample-report.js";
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
});
