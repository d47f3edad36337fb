// Page geometry of built HTML pages in Debian's Chromium via playwright-core: height of the page,
// horizontal overflow, and (with scripts off) how many claims of the ledger are visible.
// Usage: node tests/built/a11y/measure.mjs WIDTH page.html [page.html ...] [--no-js] [--shot DIR]
//   -> prints JSON {page: {height, overflow, visibleClaims, filterShown}}
import { basename, resolve } from "node:path";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const width = Number(args.shift());
const noJs = args.includes("--no-js");
const shotAt = args.indexOf("--shot");
const shotDir = shotAt >= 0 ? args[shotAt + 1] : null;
const pages = args.filter((a, i) => !a.startsWith("--") && !(shotAt >= 0 && i === shotAt + 1));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = {};
try {
  const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: !noJs });
  for (const file of pages) {
    const page = await context.newPage();
    await page.goto("file://" + resolve(file), { waitUntil: "load" });
    await page.waitForTimeout(300);
    results[basename(file)] = await page.evaluate(() => {
      const doc = document.documentElement;
      const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
      const form = document.querySelector("form.ledger-filter");
      return {
        height: Math.max(doc.scrollHeight, document.body.scrollHeight),
        overflow: doc.scrollWidth - doc.clientWidth,
        claims: document.querySelectorAll("[data-verdict]").length,
        visibleClaims: Array.from(document.querySelectorAll("[data-verdict]")).filter(visible).length,
        filterShown: !!form && visible(form),
        tableFilters: document.querySelectorAll(".table-filter input").length,
      };
    });
    if (shotDir) {
      await page.screenshot({ path: `${shotDir}/${basename(file, ".html")}-${width}${noJs ? "-nojs" : ""}.png`, fullPage: true });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 1));
