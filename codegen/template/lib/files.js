// Renders the files of one output directory of the package `charter codegen` generates for the document, so
// `asyncapi generate fromTemplate` writes the same files, byte for byte. The package is generated once per
// document and parameters, shared by every template file (each is bundled on its own, hence the global cache).
import { File } from "@asyncapi/generator-react-sdk";

const cache = (globalThis.__charterCodegenTemplate ??= new Map());

function optionsOf(params) {
  const options = {};
  for (const key of ["packageName", "packageVersion", "longs", "timestamps"]) if (params[key] !== undefined && params[key] !== "") options[key] = params[key];
  return options;
}

function generated(originalAsyncAPI, params) {
  const key = JSON.stringify([originalAsyncAPI, optionsOf(params)]);
  if (!cache.has(key)) cache.set(key, import("@charter/codegen").then((codegen) => codegen.generatePackage({ text: originalAsyncAPI, label: "asyncapi" }, optionsOf(params))));
  return cache.get(key);
}

/** `<File>`s for the package files whose directory is `dir` ("" for the package root). */
export async function filesIn(dir, { originalAsyncAPI, params = {} }) {
  const pkg = await generated(originalAsyncAPI, params);
  const out = [];
  for (const [path, text] of pkg.files) {
    const slash = path.lastIndexOf("/");
    if ((slash < 0 ? "" : path.slice(0, slash)) !== dir) continue;
    out.push(<File name={path.slice(slash + 1)}>{text}</File>);
  }
  return out;
}
