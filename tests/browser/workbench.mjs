// Drives Debian's chromium through playwright-core against the workbench of a real
// `dangjian serve`, as a 党建办 officer would: a branch with a roster, a 主题党日 recorded by
// ticking attendance, an edit of a file that holds a hand-written comment, a save refused by
// `check`, a save refused because the file changed on disk meanwhile, a notice with its PDF
// preview, and every form at 375 px with axe. It writes what it saw as JSON for
// tests/workbench_browser.rs to judge; it judges nothing itself.
//
//   node tests/browser/workbench.mjs CONFIG.json
//
// CONFIG: { tools, chromium, axe, base, root, report, screenshots, year }
// REPORT: { steps: { <name>: {...} }, forms: [{ name, url, status, overflow, axe, shots }],
//           console, pageErrors }

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
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const report = { steps: {}, forms: [], console: [], pageErrors: [] };
page.on("console", (m) => {
  if (m.type() === "error") report.console.push(`${page.url()}: ${m.text()}`);
});
page.on("pageerror", (e) => report.pageErrors.push(`${page.url()}: ${e}`));
// The form asks before leaving with unsaved typing; the test leaves on purpose.
page.on("dialog", (d) => d.accept());

const Y = config.year;
const save = () => Promise.all([page.waitForLoadState("load"), page.click("form.record button[type=submit]")]);
const text = (sel) => page.locator(sel).first().textContent().catch(() => null);
/** Every problem the page shows: the summary boxes and the messages at fields. */
const problems = () => page.locator(".notice-bad, .notice-warn, .field .error, td .error").allTextContents();
const value = (sel) => page.locator(sel).first().inputValue().catch(() => null);

async function shot(name) {
  const file = path.join(config.screenshots, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Fills row `i` of a table field, adding rows with the button as needed. */
async function fillRow(key, i, cells) {
  while ((await page.locator(`[name="${key}.${i}.${Object.keys(cells)[0]}"]`).count()) === 0) {
    await page.click(`[data-add-row="${key}"]`);
  }
  for (const [col, v] of Object.entries(cells)) {
    const el = page.locator(`[name="${key}.${i}.${col}"]`).first();
    const tag = await el.evaluate((e) => e.tagName);
    if (tag === "SELECT") await el.selectOption(v);
    else await el.fill(v);
  }
}

// A failed step still leaves its report (with the error and a picture) for the test to show.
try {
// 1. A branch with a roster.
await page.goto(`${config.base}/_/new/branch`);
await page.fill("#field-_id", "ceshi");
await page.fill("#field-name", "测试党支部");
await page.fill("#field-short_name", "测试支部");
await page.selectOption("#field-category", "临床");
await page.fill("#field-department", "测试科");
await page.fill("#field-secretary\\.name", "张三");
await page.fill("#field-term\\.start", `${Y}-01-10`);
await fillRow("member_counts", 0, { date: `${Y}-01-01`, full: "3" });
await fillRow("members", 0, { name: "张三", status: "正式" });
await fillRow("members", 1, { name: "李四", status: "正式" });
await fillRow("members", 2, { name: "王五", status: "正式" });
await shot("branch-form");
await save();
report.steps.branch = { url: page.url(), banner: await text(".notice-ok"), problems: await problems() };

// 2. A 主题党日 recorded by ticking the roster: 王五 was away.
await page.goto(`${config.base}/_/new/activity?branch=ceshi&kind=${encodeURIComponent("主题党日")}`);
await page.fill("#field-title", "主题党日：学习新修订的支部工作条例");
await page.fill("#field-date", `${Y}-11-12`);
await page.fill("#field-place", "测试科示教室");
const before = await text("#attendance-counts");
await page.uncheck('input[name="_attend.roster.2"]');
await page.fill('input[name="_reason.roster.2"]', "外出进修");
const after = await text("#attendance-counts");
await shot("activity-form");
await save();
const activityUrl = page.url();
const activityPath = decodeURIComponent(new URL(activityUrl).searchParams.get("path") || "");
report.steps.activity = {
  url: activityUrl,
  path: activityPath,
  countsBefore: before,
  countsAfter: after,
  banner: await text(".notice-ok"),
  siteLink: await page.locator(".notice-ok a").first().getAttribute("href").catch(() => null),
  problems: await problems(),
};

// 3. A hand-written comment survives an edit of the record in the form.
const file = path.join(config.root, activityPath);
const original = fs.readFileSync(file, "utf8");
fs.writeFileSync(file, original.replace(/^place = /m, "# 手写的注释：地点以签到表为准\nplace = "));
await page.goto(`${config.base}/_/edit?path=${encodeURIComponent(activityPath)}`);
await page.fill("#field-place", "门诊楼三楼会议室");
await save();
report.steps.edit = { url: page.url(), banner: await text(".notice-ok"), problems: await problems() };

// 4. `check` refuses a 党课 without 授课人: the message is at the field, the typing stays.
await page.goto(`${config.base}/_/edit?path=${encodeURIComponent(activityPath)}`);
await page.selectOption("#field-kind", "党课");
await page.fill("#field-lecturer", "");
await page.fill("#field-subject", "");
await page.fill("#field-place", "保留的地点文字");
const [refused] = await Promise.all([
  page.waitForResponse((r) => r.url().endsWith("/_/save")),
  page.click("form.record button[type=submit]"),
]);
await page.waitForLoadState("load");
report.steps.invalid = {
  status: refused.status(),
  lecturerError: await text("#field-lecturer ~ .error"),
  fieldErrors: await page.locator(".field.has-error").evaluateAll((els) => els.map((e) => e.textContent)),
  place: await value("#field-place"),
  summary: await text(".notice-bad"),
  problems: await problems(),
};
await shot("activity-refused");

// 5. The file changes on disk while the form is open: the save is refused, both shown.
await page.goto(`${config.base}/_/edit?path=${encodeURIComponent(activityPath)}`);
await page.fill("#field-place", "我在表单里改的地点");
fs.appendFileSync(file, "\n磁盘上的另一处修改。\n");
const [conflict] = await Promise.all([
  page.waitForResponse((r) => r.url().endsWith("/_/save")),
  page.click("form.record button[type=submit]"),
]);
await page.waitForLoadState("load");
const versions = await page.locator(".versions pre").allTextContents();
report.steps.conflict = {
  status: conflict.status(),
  heading: await text(".notice-bad"),
  changes: await text("pre.diff"),
  theirs: versions[0] || null,
  mine: versions[1] || null,
  place: await value("#field-place"),
};
await shot("conflict");

// 6. A notice, saved, shows its PDF.
await page.goto(`${config.base}/_/new/notice`);
await page.fill("#field-title", "关于开展年终支部工作检查的通知");
await page.fill("#field-date", `${Y}-12-01`);
await page.fill("#field-_body", "# 检查内容\n\n各支部对照年度计划逐项自查。\n");
await save();
report.steps.notice = {
  url: page.url(),
  problems: await problems(),
  pdfSection: await text("#pdf-title ~ p"),
  iframe: await page.locator("iframe.pdf").getAttribute("src").catch(() => null),
};
await shot("notice-saved");

// 7. Every form at 375 px: no sideways scrolling, axe finds nothing serious.
const forms = [
  ["todo", "/_/"],
  ["new-activity", `/_/new/activity?branch=ceshi`],
  ["edit-activity", `/_/edit?path=${encodeURIComponent(activityPath)}`],
  ["new-branch", "/_/new/branch"],
  ["edit-branch", `/_/edit?path=${encodeURIComponent("content/branches/ceshi.toml")}`],
  ["new-brand", "/_/new/brand"],
  ["new-notice", "/_/new/notice"],
  ["annual", `/_/edit?path=${encodeURIComponent("content/annual/2024.toml")}`],
  ["narrative", `/_/edit?path=${encodeURIComponent("content/annual/2024.md")}`],
  ["checklist", `/_/edit?path=${encodeURIComponent("content/checklists/kaohe.toml")}`],
  ["new-member", "/_/new/member"],
  ["list-activities", "/_/list/activity"],
  ["history", `/_/history?path=${encodeURIComponent(activityPath)}`],
];
for (const [name, url] of forms) {
  const entry = { name, url, shots: [] };
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    const res = await page.goto(config.base + url);
    entry.status = res.status();
    await page.evaluate(() => document.fonts.ready);
    if (width === 375) {
      entry.overflow = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      await page.addScriptTag({ path: config.axe });
      entry.axe = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
          targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      });
    }
    entry.shots.push(await shot(`${name}-${width}`));
  }
  report.forms.push(entry);
}

} catch (e) {
  report.error = `${e}`;
  report.errorUrl = page.url();
  report.errorPage = await page.content().catch(() => null);
  await shot("error").catch(() => null);
}
fs.writeFileSync(config.report, JSON.stringify(report, null, 2));
await browser.close();
