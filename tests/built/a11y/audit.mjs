// Accessibility audit of every built HTML page: axe-core run in Debian's Chromium via playwright-core.
// Usage: node tests/built/a11y/audit.mjs _build/html  -> prints JSON {page: [violations]} (critical/serious only).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const root = resolve(process.argv[2] || "_build/html");
// Pages only: the stubs left at renamed pages' old addresses just send the reader on.
const pages = readdirSync(join(root, "book")).filter((f) => f.endsWith(".html")).map((f) => join(root, "book", f))
  .filter((f) => !readFileSync(f, "utf8").includes('http-equiv="refresh"'));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  for (const file of pages) {
    const page = await context.newPage();
    await page.goto("file://" + file, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")), html: v.nodes.slice(0, 2).map((n) => n.html.slice(0, 300)) }));
    });
    results[file.slice(root.length + 1)] = violations;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 1));
