import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The build goes into the registry package (registry/ui-dist), which serves it at /ui/ — so `npm ci && npm start`
// serves the UI with no extra step. Hashed file names under assets/ let the registry cache them forever.
export default defineConfig({
  base: "/ui/",
  root: fileURLToPath(new URL(".", import.meta.url)),
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: fileURLToPath(new URL("../registry/ui-dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev -w @charter/ui` against a registry on the default port.
    proxy: Object.fromEntries(["/subjects", "/schemas", "/config", "/compatibility", "/mode", "/v1"].map((p) => [p, "http://127.0.0.1:8081"])),
  },
});
