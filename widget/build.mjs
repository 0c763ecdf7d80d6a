// Builds the widget into salon/web/static (committed, so the server needs no node):
//   node build.mjs          write embed.js, count.js, embed.css
//   node build.mjs --check  exit 1 if the committed files are not what the sources build to
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "salon", "web", "static");
const check = process.argv.includes("--check");

const common = {
  bundle: true,
  minify: true,
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  write: false,
  logLevel: "warning",
};

const builds = [
  { entryPoints: [join(here, "src", "embed.js")], format: "iife", outfile: join(out, "embed.js") },
  { entryPoints: [join(here, "src", "count.js")], format: "iife", outfile: join(out, "count.js") },
  { entryPoints: [join(here, "src", "embed.css")], loader: { ".css": "css" }, outfile: join(out, "embed.css") },
];

const stale = [];
for (const b of builds) {
  const result = await esbuild.build({ ...common, ...b });
  for (const file of result.outputFiles) {
    let current = null;
    try {
      current = readFileSync(file.path, "utf8");
    } catch (_) {}
    if (current === file.text) continue;
    if (check) stale.push(file.path);
    else {
      writeFileSync(file.path, file.text);
      console.log(`wrote ${file.path} (${file.contents.length} bytes)`);
    }
  }
}
if (stale.length) {
  console.error(`stale build, run \`npm run build\` in widget/: ${stale.join(", ")}`);
  process.exit(1);
}
