// Drives Debian's chromium through playwright-core over a built site served on 127.0.0.1, and
// writes what it saw as JSON for tests/site_browser.rs to judge. It judges nothing itself.
//
//   node tests/browser/site.mjs CONFIG.json
//
// CONFIG: { tools, chromium, base, axe, screenshots, report, pages: [{name, path, axe, base?}] }
// REPORT: { pages: [{name, path, desktop, phone}] }, where desktop and phone
//         are { console, pageErrors, failed, overflow, axe, screenshot }. Searching is
//         tests/browser/search.mjs's.

import fs from "node:fs";
import path from "node:path";
import { launch } from "./chromium.mjs";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

// A phone is 375 px wide; the desktop 1280. Screenshots stop at this height (the longest
// lists are tens of thousands of pixels tall).
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
};
const MAX_SHOT_HEIGHT = 6000;

const browser = await launch(config);

/** Records console errors and warnings, uncaught exceptions and failed requests of a page. */
function watch(page) {
  const seen = { console: [], warnings: [], pageErrors: [], failed: [] };
  page.on("console", (m) => {
    const where = m.location()?.url ?? "";
    if (m.type() === "error") seen.console.push(`${m.text()} (${where})`);
    else if (m.type() === "warning") seen.warnings.push(`${m.text()} (${where})`);
  });
  page.on("pageerror", (e) => seen.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => seen.failed.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) seen.failed.push(`${r.url()}: HTTP ${r.status()}`);
  });
  return seen;
}

/** Whether the page is wider than the window, and which elements stick out (ignoring those
 * inside a scrolling box, such as a table in its .table-wrap). */
async function overflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const offenders = [];
    const wide = Math.max(root.scrollWidth, document.body.scrollWidth) > width;
    const scrolls = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
      }
      return false;
    };
    for (const el of wide ? document.body.querySelectorAll("*") : []) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= width + 1 || scrolls(el)) continue;
      const s = getComputedStyle(el);
      if (s.position === "absolute" && r.left < -1000) continue; // the skip link, parked
      offenders.push(
        `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""} right=${Math.round(r.right)}`,
      );
      if (offenders.length >= 8) break;
    }
    return {
      width,
      scrollWidth: root.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      offenders,
    };
  });
}

async function runAxe(page) {
  await page.addScriptTag({ path: config.axe });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({
        target: n.target.join(" "),
        summary: n.failureSummary,
      })),
      count: v.nodes.length,
    }));
  });
  return result;
}

async function screenshot(page, file) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize().width;
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, MAX_SHOT_HEIGHT) },
  });
  return file;
}

/** Milliseconds spent per step, on stderr (shown when the test fails). */
function lap(what, t0) {
  process.stderr.write(`${what}: ${Date.now() - t0} ms\n`);
}

async function visit(context, kind, spec) {
  const t0 = Date.now();
  const page = await context.newPage();
  const seen = watch(page);
  // A page may come from another build (the roster published), served at its own base.
  await page.goto((spec.base ?? config.base) + spec.path, { waitUntil: "load" });
  // Let the fonts settle before measuring and taking pictures.
  await page.evaluate(() => document.fonts.ready);
  const out = { ...seen };
  out.overflow = await overflow(page);
  out.screenshot = await screenshot(
    page,
    path.join(config.screenshots, `${spec.name}-${kind}.png`),
  );
  lap(`${spec.name} ${kind}: load, measure, screenshot`, t0);
  const t1 = Date.now();
  out.axe = spec.axe ? await runAxe(page) : null;
  if (spec.axe) lap(`${spec.name} ${kind}: axe`, t1);
  out.title = await page.title();
  await page.close();
  return out;
}

const report = { pages: [] };
fs.mkdirSync(config.screenshots, { recursive: true });
const contexts = {};
for (const [kind, options] of Object.entries(VIEWPORTS)) {
  contexts[kind] = await browser.newContext(options);
}
for (const spec of config.pages) {
  const entry = { name: spec.name, path: spec.path };
  for (const kind of Object.keys(VIEWPORTS)) {
    entry[kind] = await visit(contexts[kind], kind, spec);
  }
  report.pages.push(entry);
}
await browser.close();
fs.writeFileSync(config.report, JSON.stringify(report, null, 1));
