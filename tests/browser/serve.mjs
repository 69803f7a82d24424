// Drives Debian's chromium through playwright-core against `dangjian serve` and edits a record
// while the page is open, to see how the page shows the build's warnings. It writes what it
// saw as JSON for tests/serve_browser.rs to judge; it judges nothing itself.
//
//   node tests/browser/serve.mjs CONFIG.json
//
// CONFIG: { tools, chromium, base, report, screenshot, record, edits: [{ name, text, expect }] }:
//         `screenshot` is where the page with its panel is photographed for a person; `record`
//         is the absolute path of the record file; each edit writes `text` into it, then waits
//         until the panel's text contains `expect` (or, with `expect: null`, until there is
//         no panel).
// REPORT: { first, afterClose, afterReload, edits: [{ name, panel, waitedMs }], console,
//           pageErrors }, where a panel is { text, role, button } or null.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const require = createRequire(path.join(config.tools, "package.json"));
const { chromium } = require("playwright-core");

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const page = await browser.newPage();
const report = { console: [], pageErrors: [], edits: [] };
page.on("console", (m) => {
  if (m.type() === "error") report.console.push(m.text());
});
page.on("pageerror", (e) => report.pageErrors.push(String(e)));

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The warnings panel as the reader sees it, or null; null too while the page reloads. */
async function panel() {
  try {
    return await page.evaluate(() => {
      const p = document.getElementById("dangjian-warnings");
      if (!p) return null;
      const button = p.querySelector("button");
      return {
        text: p.textContent,
        role: p.getAttribute("role"),
        button: button ? button.textContent : null,
      };
    });
  } catch {
    return undefined; // the page is between two documents
  }
}

/** Waits up to 30 s until `ok(panel)`; returns [panel, milliseconds waited]. */
async function until(ok) {
  const started = Date.now();
  let seen;
  while (Date.now() - started < 30000) {
    seen = await panel();
    if (seen !== undefined && ok(seen)) return [seen, Date.now() - started];
    await sleep(100);
  }
  return [seen ?? null, -1];
}

await page.goto(config.base + "index.html");
[report.first] = await until((p) => p !== null);
if (config.screenshot) {
  await page.screenshot({ path: config.screenshot });
}
if (report.first) {
  await page.click("#dangjian-warnings-close");
}
report.afterClose = await panel();
await page.reload();
// The panel comes with the first answer of the events request; give it time to come.
await sleep(1500);
report.afterReload = await panel();

for (const edit of config.edits) {
  fs.writeFileSync(config.record, edit.text);
  const [seen, waited] = await until((p) =>
    edit.expect === null ? p === null : p !== null && p.text.includes(edit.expect),
  );
  report.edits.push({ name: edit.name, panel: seen, waitedMs: waited });
}

await browser.close();
fs.writeFileSync(config.report, JSON.stringify(report, null, 2));
