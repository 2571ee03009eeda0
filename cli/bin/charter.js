#!/usr/bin/env node
// The `charter` command: runs the compiled CLI (build with `npm run build`).
import { runMain } from "../dist/main.js";

await runMain(process.argv);
