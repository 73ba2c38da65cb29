// Copies the vendored JavaScript (htmx, its SSE extension) and our own app.js into ../static,
// byte for byte, so that the committed files are exactly what npm installed.
import { copyFileSync } from "node:fs";

const files = [
  ["node_modules/htmx.org/dist/htmx.min.js", "../static/htmx.min.js"],
  ["node_modules/htmx-ext-sse/dist/sse.min.js", "../static/htmx-sse.min.js"],
  ["app.js", "../static/app.js"],
];
for (const [from, to] of files) {
  copyFileSync(from, to);
}
