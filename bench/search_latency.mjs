// The time a search takes in Chromium on a built site: opening the search page with `?q=` in
// a fresh browser context (nothing cached: what a reader's first search costs), and a second
// query typed into the same page (the indexes are loaded). Prints one JSON object.
//
//   node bench/search_latency.mjs TOOLS_DIR CHROMIUM BASE_URL RUNS QUERY1 QUERY2
//
// The time ends when the first result's title is shown. Counted too: the requests under
// pagefind/ and their bytes (as sent, i.e. before gzip — the server is python's http.server,
// which does not compress; dangjian serve gzips all but the index files).

import path from "node:path";
import { createRequire } from "node:module";

const [tools, chromiumPath, base, runsArg, first, second] = process.argv.slice(2);
const require = createRequire(path.join(tools, "package.json"));
const { chromium } = require("playwright-core");
const runs = Number(runsArg) || 5;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});

async function resultShown(page, query) {
  await page.waitForFunction(
    (q) => {
      // The theme's own results (themes/default/static/search.js), or Pagefind's UI.
      const t = document.querySelector(".search-result-title, .pagefind-ui__result-title");
      const m = document.querySelector("#search-message, .pagefind-ui__message");
      const none = m && (m.textContent.includes("没有找到") || /\b0\b/.test(m.textContent));
      return (t && t.textContent.trim().length > 0) || (none && m.textContent.includes(q));
    },
    query,
    { timeout: 120000, polling: 5 },
  );
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

const cold = [], warm = [], requests = [], bytes = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  let n = 0, b = 0;
  page.on("response", async (r) => {
    if (!r.url().includes("/pagefind/")) return;
    n += 1;
    try { b += (await r.body()).length; } catch { /* a response the page dropped */ }
  });
  const t0 = Date.now();
  await page.goto(`${base}search.html?q=${encodeURIComponent(first)}`);
  await resultShown(page, first);
  cold.push(Date.now() - t0);
  requests.push(n);
  bytes.push(b);
  const input = page.locator("#search input").first();
  await input.fill("");
  await page.waitForTimeout(300);
  const t1 = Date.now();
  await input.fill(second);
  await page.waitForFunction(
    (q) => {
      const t = document.querySelector(".search-result-title, .pagefind-ui__result-title");
      const m = document.querySelector("#search-message, .pagefind-ui__message");
      return t && m && m.textContent.includes(q);
    },
    second,
    { timeout: 120000, polling: 5 },
  );
  warm.push(Date.now() - t1);
  await context.close();
}
await browser.close();
console.log(JSON.stringify({
  runs,
  cold_ms: median(cold),
  cold_all: cold,
  warm_ms: median(warm),
  warm_all: warm,
  requests: median(requests),
  kib: Math.round(median(bytes) / 1024),
}));
