// How built pages lay out in Debian's Chromium (playwright-core), for the reader tests:
// words broken across lines inside table cells, page overflow, where table captions sit,
// the in-page contents and the way back to the top, and a chart opened at full size.
// Usage: node tests/built/a11y/layout.mjs WIDTH page.html [page.html ...] [--open-chart]
//   -> prints JSON {page: {...}}
import { basename, resolve } from "node:path";
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const width = Number(args.shift());
const openChart = args.includes("--open-chart");
const pages = args.filter((a) => !a.startsWith("--"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = {};
try {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 },
                                             deviceScaleFactor: 1, hasTouch: width < 600 });
  for (const file of pages) {
    const page = await context.newPage();
    await page.goto("file://" + resolve(file), { waitUntil: "load" });
    await page.waitForTimeout(200);
    const found = await page.evaluate(() => {
      const doc = document.documentElement;
      // A break is legitimate right after a dash, a hyphen or a slash (not inside a date).
      const DATE = /^\(?\d{4}-\d{2}(-\d{2})?\b/;
      const broken = [];
      let words = 0;
      for (const cell of document.querySelectorAll("table.table td, table.table th")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent;
          for (const match of text.matchAll(/\S+/g)) {
            words += 1;
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (tops.size < 2) continue;
            // find where the word leaves its first line
            let at = -1, first = null;
            for (let i = 0; i < match[0].length; i++) {
              const one = document.createRange();
              one.setStart(node, match.index + i);
              one.setEnd(node, match.index + i + 1);
              const rect = Array.from(one.getClientRects()).find((r) => r.width > 0);
              if (!rect) continue;
              const top = Math.round(rect.top);
              if (first === null) first = top;
              else if (Math.abs(top - first) > 2) { at = i; break; }
            }
            const before = at > 0 ? match[0][at - 1] : "";
            // Chinese text may break between any two characters, as Chinese typesetting does.
            const CJK = /[\u3000-\u9fff\uff00-\uffef]/;
            const cjk = at > 0 && CJK.test(before) && CJK.test(match[0][at]);
            const allowed = cjk || (at > 0 && "-–—/".includes(before) && !DATE.test(match[0]));
            if (!allowed) broken.push(at > 0 ? match[0].slice(0, at) + "|" + match[0].slice(at) : match[0]);
          }
        }
      }
      const scrollers = Array.from(document.querySelectorAll(".pst-scrollable-table-container"));
      const captionsInside = scrollers.filter((s) => s.querySelector("caption")).length;
      const nav = document.querySelector("nav.page-contents");
      const visible = (el) => !!el && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
        && getComputedStyle(el).visibility !== "hidden";
      return {
        height: Math.max(doc.scrollHeight, document.body.scrollHeight),
        overflow: doc.scrollWidth - doc.clientWidth,
        words, broken: broken.slice(0, 20), brokenCount: broken.length,
        tables: scrollers.length, captionsInside,
        captions: document.querySelectorAll("p.table-caption").length,
        captionsAbove: document.querySelectorAll("p.table-caption + div.pst-scrollable-table-container, p.table-caption + .table-filter").length,
        pageContents: visible(nav),
        sortInline: Array.from(document.querySelectorAll("table.sortable th > p")).every((p) => getComputedStyle(p).display === "inline"),
        figures: document.querySelectorAll("figure a.image-reference").length,
      };
    });
    // the theme's "Back to top" button shows once the reader scrolls back up a long page
    if (found.height > 3 * 900) {
      await page.mouse.wheel(0, 2500);
      await page.waitForTimeout(300);
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(500);
      found.backToTop = await page.evaluate(() => {
        const b = document.getElementById("pst-back-to-top");
        return !!b && getComputedStyle(b).display !== "none" && b.getBoundingClientRect().height > 0;
      });
    }
    if (openChart && found.figures) {
      await page.evaluate(() => window.scrollTo(0, 0));
      const link = page.locator("figure a.image-reference").first();
      await link.scrollIntoViewIfNeeded();
      await link.click();
      await page.waitForTimeout(500);
      found.chart = await page.evaluate(() => {
        const dialog = document.querySelector("dialog.figure-viewer");
        const image = dialog && dialog.querySelector("img");
        const inline = document.querySelector("figure a.image-reference img");
        return {
          open: !!dialog && dialog.open,
          src: image ? image.getAttribute("src") : null,
          openedWidth: image ? image.getBoundingClientRect().width : 0,
          inlineWidth: inline ? inline.getBoundingClientRect().width : 0,
          naturalWidth: image ? image.naturalWidth : 0,
        };
      });
    }
    results[basename(file)] = found;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 1));
