// Build front-end assets from installed npm packages into src/preventhub/static/build/.
// Nothing is fetched at run time and no CDN is used.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/preventhub/static/build");
mkdirSync(out, { recursive: true });

const css = sass.compile(join(root, "src/preventhub/static/scss/preventhub.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "preventhub.css"), css.css);

const copies = [
  ["node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["node_modules/htmx.org/dist/htmx.min.js", "htmx.min.js"],
];
for (const [from, to] of copies) copyFileSync(join(root, from), join(out, to));
console.log(`assets built into ${out}`);
