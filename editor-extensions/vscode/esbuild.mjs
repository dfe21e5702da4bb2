// Bundles the extension and vscode-languageclient into dist/extension.js (the `vscode` module is VS Code's).
import { build } from "esbuild";

await build({
    entryPoints: ["src/extension.ts"],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["vscode"],
    outfile: "dist/extension.js",
    sourcemap: "linked",
    minify: process.argv.includes("--minify"),
    logLevel: "warning",
});
