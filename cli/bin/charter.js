#!/usr/bin/env node
// The `charter` command: runs the compiled CLI (build with `npm run build`).
import { main } from "../dist/main.js";

await main(process.argv);
