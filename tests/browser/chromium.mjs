// How the browser tests start Debian's chromium through playwright-core (from the tools folder
// `config.tools`): headless, and without what a fresh machine would otherwise do on its own
// (sync, component updates, first-run pages). Playwright gives the browser a fresh
// --user-data-dir of its own on every launch.

import path from "node:path";
import { createRequire } from "node:module";

export function launch(config) {
  const require = createRequire(path.join(config.tools, "package.json"));
  const { chromium } = require("playwright-core");
  return chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
