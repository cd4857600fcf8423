// Copies the front-end packages that Lärlabb serves from node_modules into
// build/static/vendor (git-ignored), where Django's collectstatic finds them.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "vendor");

const files = [
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
];

mkdirSync(out, { recursive: true });
for (const [from, to] of files) {
  copyFileSync(join(root, "node_modules", from), join(out, to));
  console.log(`build/static/vendor/${to}`);
}
