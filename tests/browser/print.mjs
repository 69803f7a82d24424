// Prints built pages to PDF in Debian's chromium (playwright-core), as Ctrl+P does with the
// print stylesheet, for tests/site_print.rs to read with pdftotext. It judges nothing itself.
//
//   node tests/browser/print.mjs CONFIG.json
//
// CONFIG: { tools, chromium, base, out, pages: [{name, path, without}] }
// For each page it writes OUT/<name>.pdf, with `without` also OUT/<name>-without.pdf (printed
// with the print stylesheet's <link> removed, to show what it prevents), and OUT/<name>.json:
// the tokens of each table body row. Before printing, every cell of every body row that is
// shown in print gets a token at its start and at its end (`ZQ<row>S<cell>` … `ZQ<row>E<cell>`,
// white, 1px, so that they hardly change the layout), so that the PDF text says on which page
// each part of each row ended up, and whether it is on paper at all.

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
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

async function mark(page) {
  await page.emulateMedia({ media: "print" });
  return page.evaluate(() => {
    const rows = [];
    let n = 0;
    // Header and footer rows repeat on every page by design: only body rows are judged.
    for (const tr of document.querySelectorAll("table > tbody > tr")) {
      if (tr.getClientRects().length === 0) continue; // not printed
      const cells = [...tr.children].filter((c) => c.getClientRects().length > 0);
      if (cells.length === 0) continue;
      n += 1;
      const tokens = [];
      cells.forEach((cell, i) => {
        const start = `ZQ${n}S${i}`;
        const end = `ZQ${n}E${i}`;
        const tag = (t) => {
          const s = document.createElement("span");
          s.textContent = ` ${t} `;
          s.style.cssText = "font-size:1px;color:#fff;white-space:nowrap";
          return s;
        };
        cell.prepend(tag(start));
        cell.append(tag(end));
        tokens.push(start, end);
      });
      rows.push({ row: n, text: tr.textContent.replace(/\s+/g, " ").trim().slice(0, 80), tokens });
    }
    return rows;
  });
}

for (const spec of config.pages) {
  for (const variant of spec.without ? ["", "-without"] : [""]) {
    const page = await context.newPage();
    await page.goto(config.base + spec.path, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    if (variant) {
      await page.evaluate(() => document.querySelectorAll("link[media=print]").forEach((l) => l.remove()));
    }
    const rows = await mark(page);
    await page.pdf({
      path: path.join(config.out, `${spec.name}${variant}.pdf`),
      preferCSSPageSize: true,
      printBackground: true,
    });
    if (!variant) {
      fs.writeFileSync(path.join(config.out, `${spec.name}.json`), JSON.stringify(rows));
    }
    await page.close();
  }
}
await browser.close();
