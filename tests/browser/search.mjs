// Drives Debian's chromium through playwright-core over the search page of a built site served
// on 127.0.0.1, and writes what it saw as JSON for tests/site_search.rs to judge. It judges
// nothing itself.
//
//   node tests/browser/search.mjs CONFIG.json
//
// CONFIG: { tools, chromium, base, axe, screenshots, report,
//           ranked: [query], limit,           — the first `limit` result URLs of each query
//           kind,                             — a kind: all its results, and its 类型 filter
//           filtered: {text, name, value}     — a query, then one filter value ticked
//           keys: [text]                      — the page's normalised form of each
//           shown: [{text, sort}] }           — what the page shows for a query typed into it
// REPORT: { filters: {name: [value]}, ranked: {query: [url]}, shown: [{text, sort, message, results: [{url, title,
//           facts: {label: value}, excerpt}], filters: {name: [value]}}], console, pageErrors,
//           failed, axe, phone: {overflow} }

import fs from "node:fs";
import path from "node:path";
import { launch } from "./chromium.mjs";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const browser = await launch(config);

function watch(page) {
  const seen = { console: [], pageErrors: [], failed: [] };
  page.on("console", (m) => {
    if (m.type() === "error") seen.console.push(`${m.text()} (${m.location()?.url ?? ""})`);
  });
  page.on("pageerror", (e) => seen.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) seen.failed.push(`${r.url()}: HTTP ${r.status()}`);
  });
  return seen;
}

/** Types a query as a user would, picks the sort order, and reads what the page shows. */
async function typed(page, text, sort) {
  await page.selectOption("#search-sort", sort);
  await page.fill("#search-input", "");
  await page.fill("#search-input", text);
  await page.waitForFunction(
    (text) => {
      const m = document.querySelector("#search-message")?.textContent ?? "";
      return (m.includes(text) && document.querySelectorAll(".search-result").length > 0) ||
        m.startsWith("没有找到");
    },
    text,
    { timeout: 20000 },
  );
  // Results are drawn one by one as their fragments arrive.
  await page.waitForTimeout(300);
  return page.evaluate(() => ({
    message: document.querySelector("#search-message").textContent.trim(),
    results: [...document.querySelectorAll(".search-result")].map((r) => ({
      url: r.querySelector(".search-result-title a")?.getAttribute("href") ?? null,
      title: r.querySelector(".search-result-title")?.textContent.trim() ?? null,
      facts: Object.fromEntries([...r.querySelectorAll(".search-fact")].map((f) =>
        [f.getAttribute("data-label"), f.textContent.trim()])),
      excerpt: r.querySelector(".search-result-excerpt")?.textContent ?? null,
    })),
    filters: Object.fromEntries([...document.querySelectorAll(".search-filter")].map((f) => [
      f.querySelector("legend").textContent.trim(),
      [...f.querySelectorAll("input[type=checkbox]")].map((b) => b.value),
    ])),
  }));
}

async function runAxe(page) {
  await page.addScriptTag({ path: config.axe });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  });
}

const report = {};
fs.mkdirSync(config.screenshots, { recursive: true });
const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await desktop.newPage();
Object.assign(report, watch(page));
await page.goto(config.base + "search.html", { waitUntil: "load" });
await page.waitForFunction(() => typeof window.dangjianSearch === "function", null, { timeout: 15000 });

// The filters before any search: every value the site has, in the page's order.
await page.waitForSelector(".search-filter", { timeout: 15000 });
report.filters = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll(".search-filter")].map((f) => [
  f.querySelector("legend").textContent.trim(),
  [...f.querySelectorAll("input[type=checkbox]")].map((b) => b.value),
])));
report.keys = await page.evaluate((texts) => Object.fromEntries(texts.map((t) => [t, window.dangjianSearchKey(t)])), config.keys);
report.ranked = {};
for (const q of config.ranked) {
  report.ranked[q] = await page.evaluate(({ q, limit }) => window.dangjianSearch(q, "relevance", limit), { q, limit: config.limit });
}
// Every result of the kind query, and every page of its 类型 filter, through Pagefind's API.
report.kind = await page.evaluate(async (kind) => {
  const base = new URL(document.getElementById("search").getAttribute("data-root") + "./", location.href).pathname;
  const pf = await import(base + "pagefind/pagefind.js");
  const urls = async (r) => (await Promise.all(r.results.map((x) => x.data()))).map((d) => d.url);
  return {
    all: await urls(await pf.search(kind)),
    filtered: await urls(await pf.search(null, { filters: { 类型: kind } })),
  };
}, config.kind);
report.shown = [];
for (const q of config.shown) {
  report.shown.push({ text: q.text, sort: q.sort, ...(await typed(page, q.text, q.sort)) });
}
// One filter ticked in the page, as a user would.
{
  const f = config.filtered;
  await typed(page, f.text, "relevance");
  const before = await page.textContent("#search-message");
  await page.check(`#search-filters input[name="${f.name}"][value="${f.value}"]`);
  await page.waitForFunction((before) => document.querySelector("#search-message").textContent !== before, before, { timeout: 20000 });
  await page.waitForTimeout(300);
  report.filtered = await page.evaluate(() => ({
    message: document.querySelector("#search-message").textContent.trim(),
    urls: [...document.querySelectorAll(".search-result-title a")].map((a) => a.getAttribute("href")),
    types: [...document.querySelectorAll(".search-result")].map((r) => r.querySelector('.search-fact[data-label="类型"]')?.textContent ?? null),
  }));
  await page.uncheck(`#search-filters input[name="${f.name}"][value="${f.value}"]`);
}
await page.screenshot({ path: path.join(config.screenshots, "search-results-desktop.png"), fullPage: false });
report.axe = await runAxe(page);
await page.close();

// A phone: the same page with results must not scroll sideways.
const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
const small = await phone.newPage();
const q = config.shown[0].text;
await small.goto(config.base + "search.html?q=" + encodeURIComponent(q), { waitUntil: "load" });
await small.waitForSelector(".search-result", { timeout: 20000 });
await small.waitForTimeout(300);
report.phone = {
  overflow: await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  results: await small.evaluate(() => document.querySelectorAll(".search-result").length),
};
await small.screenshot({ path: path.join(config.screenshots, "search-results-phone.png"), fullPage: false });
await browser.close();
fs.writeFileSync(config.report, JSON.stringify(report, null, 1));
