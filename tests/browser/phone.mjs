// Looks at built pages in Debian's chromium (playwright-core) at 375 px, as a phone shows
// them, and at 1280 px, and writes what it measured as JSON for tests/site_phone.rs to judge.
// It judges nothing itself.
//
//   node tests/browser/phone.mjs CONFIG.json
//
// CONFIG: { tools, chromium, base, axe, screenshots, report, pages: [{name, path}] }
// REPORT: { pages: [{name, phone: {...}, desktop: {...}}] }, see `measure` and `charts`.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const require = createRequire(path.join(config.tools, "package.json"));
const { chromium } = require("playwright-core");

const VIEWPORTS = {
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};
const MAX_SHOT_HEIGHT = 6000;

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});

/** Every element wider than the window, with the scrolling box (if any) that holds it, and
 * every box that scrolls sideways, with how it is marked. */
async function measure(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (el) =>
      `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : ""}`;
    const scroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        // A chart's own clip (an <svg> hides what is outside its box) is not a scroller: the
        // <svg> element itself is judged like any other.
        if (p instanceof SVGElement) continue;
        const o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll") return p;
        if (o === "hidden" || o === "clip") return p; // cut off: judged as unmarked below
      }
      return null;
    };
    const marks = (box) => {
      const before = getComputedStyle(box, "::before");
      const s = getComputedStyle(box);
      return {
        box: describe(box),
        overflowX: s.overflowX,
        role: box.getAttribute("role"),
        name: box.getAttribute("aria-label") ?? (box.getAttribute("aria-labelledby") ? document.getElementById(box.getAttribute("aria-labelledby"))?.textContent ?? "" : null),
        tabindex: box.getAttribute("tabindex"),
        hint: before.display !== "none" ? before.content : "none",
        shadow: s.backgroundImage,
        scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth,
      };
    };
    const outside = [];
    for (const el of document.body.querySelectorAll("*")) {
      if (el instanceof SVGElement && el.ownerSVGElement) continue; // judged by its <svg>
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= width + 1 && r.left >= -1) continue;
      const s = getComputedStyle(el);
      if (s.position === "absolute" && r.left < -1000) continue; // the skip link, parked
      if (s.visibility === "hidden") continue;
      const box = scroller(el);
      outside.push({ el: describe(el), right: Math.round(r.right), box: box ? marks(box) : null });
    }
    // Every box that may scroll sideways, and whether it does at this width.
    const scrolling = [...document.body.querySelectorAll("*")]
      .filter((el) => {
        const o = getComputedStyle(el).overflowX;
        return (o === "auto" || o === "scroll") && el.getBoundingClientRect().width > 0;
      })
      .map((el) => ({ ...marks(el), scrolls: el.scrollWidth > el.clientWidth + 1 }));
    return {
      width,
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      outside: outside.slice(0, 40),
      outsideCount: outside.length,
      scrolling,
    };
  });
}

/** Each chart, whether a table of its numbers is beside it, and the dashboard's grids. */
async function charts(page) {
  return page.evaluate(() => {
    const out = [];
    for (const svg of document.querySelectorAll("svg.dj-chart")) {
      const block = svg.closest(".chart-block");
      const section = svg.closest("section") ?? document.body;
      const own = block?.querySelector("details.chart-data table") ?? null;
      const after = [...section.querySelectorAll("table")].find(
        (t) => svg.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
      const r = svg.getBoundingClientRect();
      out.push({
        title: svg.querySelector("title")?.textContent ?? "",
        table: own ? "details" : after ? "section" : null,
        rows: (own ?? after)?.querySelectorAll("tbody tr").length ?? 0,
        shown: r.width > 0,
        width: Math.round(r.width),
        top: Math.round(r.top + window.scrollY),
        block: block?.className ?? null,
      });
    }
    const heads = [...document.querySelectorAll(".table-wrap table.list thead")].map((h) =>
      [...h.querySelectorAll("th")].map((th) => th.textContent.trim()),
    );
    return { charts: out, listHeads: heads };
  });
}

async function runAxe(page) {
  await page.addScriptTag({ path: config.axe });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
      count: v.nodes.length,
    }));
  });
}

async function screenshot(page, file) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize().width;
  await page.screenshot({
    path: file,
    fullPage: true,
    clip: { x: 0, y: 0, width, height: Math.min(height, MAX_SHOT_HEIGHT) },
  });
}

fs.mkdirSync(config.screenshots, { recursive: true });
const report = { pages: [] };
for (const [kind, options] of Object.entries(VIEWPORTS)) {
  const context = await browser.newContext(options);
  for (const spec of config.pages) {
    const t0 = Date.now();
    const page = await context.newPage();
    await page.goto(config.base + spec.path, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    const seen = { ...(await measure(page)), ...(await charts(page)) };
    if (kind === "phone" && spec.axe !== false) seen.axe = await runAxe(page);
    await screenshot(page, path.join(config.screenshots, `${spec.name}-${kind}.png`));
    await page.close();
    let entry = report.pages.find((p) => p.name === spec.name);
    if (!entry) report.pages.push((entry = { name: spec.name, path: spec.path }));
    entry[kind] = seen;
    process.stderr.write(`${spec.name} ${kind}: ${Date.now() - t0} ms\n`);
  }
  await context.close();
}
await browser.close();
fs.writeFileSync(config.report, JSON.stringify(report, null, 1));
