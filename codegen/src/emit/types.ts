/**
 * `src/types.ts`: every payload, key and header type of the contract (one declaration per named schema, with
 * the contract's descriptions as JSDoc), older payload versions (`OrderCreatedV1` …, the latest aliased as its
 * version too so hand-written upcasters keep compiling when a version is added), and channel parameters.
 */
import type { CodegenModel } from "../model/codegen-model.js";
import { objectMembers, printDeclaration, printType } from "../model/type-ir.js";
import { GeneratedFile } from "../printer.js";

/** The name under which version `version` of a message is exported (`OrderCreatedV2`). */
export function versionTypeName(messageName: string, version: number): string {
  return `${messageName}V${version}`;
}

/** Emits `src/types.ts`. */
export function emitTypes(model: CodegenModel): GeneratedFile {
  const file = new GeneratedFile("src/types.ts");
  for (const named of model.types.all()) {
    printDeclaration(file, named);
    file.line();
  }
  for (const m of model.messages) {
    if (m.versions.length < 2) continue;
    for (const v of m.versions) {
      const name = versionTypeName(m.name, v.version);
      if (model.types.get(name)) continue;
      const latest = v.version === m.versions.length;
      file.doc(latest ? `${m.name} as of version ${v.version} (the latest): the name hand-written upcasters use.` : `${m.name} as of version ${v.version}.`);
      file.line(`export type ${name} = ${printType(v.payload.type)};`).line();
    }
  }
  for (const c of model.channels) {
    if (!c.parametersType) continue;
    file.doc(`Parameters of channel \`${c.address}\`.`);
    file.line(`export interface ${c.parametersType} {`).lines(objectMembers({ kind: "object", properties: c.parameters.map((p) => ({ name: p.name, type: p.type, optional: false, ...(p.doc !== undefined ? { doc: p.doc } : {}) })) }, "  ")).line("}").line();
  }
  return file;
}
