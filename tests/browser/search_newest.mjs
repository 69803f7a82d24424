// Drives Debian's chromium through playwright-core over the search page of a built site and
// writes, for each query, the result URLs that 最新 gives, in order, as JSON for
// tests/site_search.rs to judge. It judges nothing itself.
//
//   node tests/browser/search_newest.mjs CONFIG.json
//
// CONFIG: { tools, chromium, base, report, queries: [query], limit }
// REPORT: { newest: {query: [url]}, pageErrors: [text] }

import fs from "node:fs";
import { launch } from "./chromium.mjs";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const browser = await launch(config);
const report = { newest: {}, pageErrors: [] };
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => report.pageErrors.push(String(e)));
  await page.goto(config.base + "search.html");
  await page.waitForFunction(() => typeof window.dangjianSearch === "function", null, { timeout: 15000 });
  for (const q of config.queries) {
    report.newest[q] = await page.evaluate(({ q, limit }) => window.dangjianSearch(q, "newest", limit),
      { q, limit: config.limit });
  }
} finally {
  await browser.close();
}
fs.writeFileSync(config.report, JSON.stringify(report, null, 1));
