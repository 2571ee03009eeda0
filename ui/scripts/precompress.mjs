#!/usr/bin/env node
// Writes a Brotli (.br) and a gzip (.gz) copy of every compressible file of the UI build, so the registry sends
// compressed assets without compressing per request (@fastify/static `preCompressed`).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: precompress.mjs <dir>");
  process.exit(2);
}
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|map)$/;
let files = 0;
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const full = join(d, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (COMPRESSIBLE.test(name) && statSync(full).size >= 512) {
      const data = readFileSync(full);
      writeFileSync(`${full}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      writeFileSync(`${full}.gz`, gzipSync(data, { level: 9 }));
      files++;
    }
  }
};
walk(dir);
console.log(`precompressed ${files} files in ${dir}`);
