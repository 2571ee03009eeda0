/** Writes docs/compatibility.md from the engines' rule catalogues (see contracts/src/compatibility-doc.ts). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compatibilityDoc } from "../src/compatibility-doc.js";

writeFileSync(fileURLToPath(new URL("../../docs/compatibility.md", import.meta.url)), compatibilityDoc());
