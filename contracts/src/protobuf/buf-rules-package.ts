/**
 * buf's PACKAGE category deletions: PACKAGE_NO_DELETE and PACKAGE_{ENUM,MESSAGE,SERVICE,EXTENSION}_NO_DELETE.
 * Unlike the FILE category's rules these compare whole packages, so an element may move between files of its
 * package. Semantics: buf `bufcheckserverhandle/breaking.go` (`handleBreakingPackage*NoDelete`).
 */
import { indexElements, nestedPointer, type DeclaredElement, type ElementIndex, type Emit, type Image, type Where } from "./buf-image.js";
import { byFile, deletionSite } from "./buf-rules-file.js";

function byPackage(list: readonly DeclaredElement[]): Map<string, Map<string, DeclaredElement>> {
  const out = new Map<string, Map<string, DeclaredElement>>();
  for (const e of list) {
    let m = out.get(e.package);
    if (!m) out.set(e.package, (m = new Map()));
    m.set(e.nested, e);
  }
  return out;
}

/**
 * The PACKAGE category's deletion rules. A package gone from the current set is PACKAGE_NO_DELETE, reported
 * without a current location (its previous files only feed the ignore filters). An element gone from a package
 * that still holds at least one message, enum or extension of the element's kind (buf walks
 * `PackageToNestedNameTo<Kind>` of the current set, so a package left without any enum gets no
 * PACKAGE_ENUM_NO_DELETE; its `PackageToNameToService` has every file's package, so services need only the package)
 * is reported, when its previous file still exists, at the nearest enclosing message left in
 * the package (messages; any file of the package) or in that file (enums, extensions), else on that file without
 * a line (services always); when its file is gone too, without a current location.
 */
export function checkPackageDeletions(prev: Image, cur: Image, emit: Emit, index?: { prev: ElementIndex; cur: ElementIndex }): void {
  const pi = index?.prev ?? indexElements(prev);
  const ci = index?.cur ?? indexElements(cur);
  const packagesOf = (img: Image): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const [path, f] of img.files) out.set(f.package, [...(out.get(f.package) ?? []), path]);
    return out;
  };
  const curPackages = packagesOf(cur);
  for (const [pkg, paths] of packagesOf(prev)) {
    if (!curPackages.has(pkg)) emit("PACKAGE_NO_DELETE", { against: [...paths].sort()[0]! }, `Previously present package "${pkg}" was deleted.`);
  }
  const curMessagesByPackage = byPackage(ci.messages);
  const curMessagesByFile = byFile(ci.messages);
  const kinds: ReadonlyArray<[string, string, readonly DeclaredElement[], readonly DeclaredElement[]]> = [
    ["PACKAGE_MESSAGE_NO_DELETE", "message", pi.messages, ci.messages],
    ["PACKAGE_ENUM_NO_DELETE", "enum", pi.enums, ci.enums],
    ["PACKAGE_EXTENSION_NO_DELETE", "extension", pi.extensions, ci.extensions],
    ["PACKAGE_SERVICE_NO_DELETE", "service", pi.services, ci.services],
  ];
  for (const [rule, what, before, after] of kinds) {
    const now = byPackage(after);
    for (const e of before) {
      // A deleted package is PACKAGE_NO_DELETE's; see above for the package that must be left.
      const left = now.get(e.package);
      if (what === "service" ? !curPackages.has(e.package) || left?.has(e.nested) : !left || left.has(e.nested)) continue;
      let where: Where;
      if (!cur.files.has(e.path)) where = { against: e.path };
      else if (what === "service") where = { file: e.path, against: e.path };
      else {
        // Messages look for a surviving parent across the package, enums and extensions within the file.
        const parents = what === "message" ? curMessagesByPackage.get(e.package) : curMessagesByFile.get(e.path);
        where = deletionSite(e.nested, parents ?? new Map(), e.path, e.path);
      }
      emit(rule, { ...where, element: nestedPointer(e.nested) }, `Previously present ${what} "${e.nested}" was deleted from package "${e.package}".`);
    }
  }
}
