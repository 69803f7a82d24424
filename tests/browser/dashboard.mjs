// Opens the built dashboard (index.html) in Debian's chromium through playwright-core at 1280 and
// 375 px and writes what a person sees there as JSON for tests/site_dashboard.rs to judge: the
// rows of 需要关注 and of the per-branch table as shown (innerText), the colour each state word
// is drawn in, whether the page scrolls sideways, and a screenshot. It judges nothing itself.
//
//   node tests/browser/dashboard.mjs CONFIG.json
//
// CONFIG: { tools, chromium, url, screenshots, report }
// REPORT: { desktop: VIEW, phone: VIEW }, VIEW = { attention: [{state, stateClass, colour,
//           obligation, deadline, branches}], glance: {columns, rows: [{branch, state, colour,
//           cells, todo}]}, text, overflow, screenshot }

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const require = createRequire(path.join(config.tools, "package.json"));
const { chromium } = require("playwright-core");

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true },
};

const browser = await chromium.launch({
  executablePath: config.chromium,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});

async function look(kind) {
  const context = await browser.newContext(VIEWPORTS[kind]);
  const page = await context.newPage();
  await page.goto(config.url, { waitUntil: "load" });
  const seen = await page.evaluate(() => {
    const text = (el) => (el ? el.innerText.replace(/\s+/g, " ").trim() : "");
    const colour = (el) => (el ? getComputedStyle(el).color : "");
    const attention = [...document.querySelectorAll("table.attention-list tbody tr")].map((tr) => {
      const td = tr.querySelectorAll("td");
      const state = td[0]?.querySelector(".state");
      return {
        state: text(state),
        stateClass: state ? state.className : "",
        colour: colour(state),
        obligation: text(td[1]),
        deadline: text(td[2]?.querySelector("time")),
        deadlineIso: td[2]?.querySelector("time")?.getAttribute("datetime") ?? "",
        branches: [...(td[3]?.querySelectorAll("a") ?? [])].map(text),
      };
    });
    const table = document.querySelector("table.glance");
    const glance = {
      columns: [...(table?.querySelectorAll("thead th") ?? [])].map(text),
      rows: [...(table?.querySelectorAll("tbody tr") ?? [])].map((tr) => {
        const state = tr.querySelector(".state");
        const td = [...tr.querySelectorAll("td")];
        return {
          branch: text(tr.querySelector("th")),
          state: text(state),
          colour: colour(state),
          cells: td.slice(1, -1).map((c) => ({ text: text(c), colour: colour(c) })),
          todo: text(td[td.length - 1]),
        };
      }),
    };
    const root = document.documentElement;
    return {
      attention,
      glance,
      text: document.body.innerText,
      overflow: Math.max(root.scrollWidth, document.body.scrollWidth) > root.clientWidth,
    };
  });
  // The two new sections alone, legible at full size.
  for (const [name, selector] of [["attention", "section.attention"], ["glance", "section.glance-section"]]) {
    const el = await page.$(selector);
    if (el) await el.screenshot({ path: path.join(config.screenshots, `dashboard-${name}-${kind}.png`) });
  }
  const shot = path.join(config.screenshots, `dashboard-${kind}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  seen.screenshot = shot;
  await context.close();
  return seen;
}

fs.mkdirSync(config.screenshots, { recursive: true });
const report = { desktop: await look("desktop"), phone: await look("phone") };
await browser.close();
fs.writeFileSync(config.report, JSON.stringify(report, null, 1));
