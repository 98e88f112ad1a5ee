// Loads the status page in headless Chromium against a running suite and checks that a new stock event changes what
// the page shows. Driven by StatusPageBrowserTest (system-tests), which starts the services and posts the event when
// this script prints READY. Usage: node check-status-page.mjs <page-url> <facility-code> <screenshot-path>
import { createRequire } from "node:module";
import readline from "node:readline";

const require = createRequire(process.env.VAXTRACE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [pageUrl, facility, screenshot] = process.argv.slice(2);
const executablePath = process.env.VAXTRACE_CHROMIUM || "/usr/bin/chromium";

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("console", m => { if (m.type() === "error") console.error("page console:", m.text()); });
  await page.goto(pageUrl);
  // Live and in step: the national room's snapshot has been applied over the REST baseline.
  await page.waitForSelector("#live[data-synced='true']", { timeout: 60_000 });
  await page.waitForFunction(() => document.querySelectorAll("#states path").length === 37, null, { timeout: 30_000 });
  // Drill down as a user would: click Kano on the map.
  await page.dispatchEvent("#state-NG-KN", "click");
  await page.waitForFunction(() => document.querySelector("#summary h2").textContent.startsWith("Kano"), null, { timeout: 10_000 });
  const stockedOut = () => page.$eval("#summary td[data-status='STOCKED_OUT']", td => Number(td.textContent));
  const before = await stockedOut();
  console.log(`READY stocked-out=${before}`);

  // The test posts the event now; wait for the alert ticker and the summary to show it.
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) { if (line.trim() === "POSTED") break; }
  rl.close();
  process.stdin.destroy(); // nothing more to read: let the process end
  await page.waitForFunction(code => [...document.querySelectorAll("#alerts li")]
    .some(li => li.dataset.facility === code && li.textContent.includes("stocked out")), facility, { timeout: 60_000 });
  await page.waitForFunction(n => Number(document.querySelector("#summary td[data-status='STOCKED_OUT']").textContent) > n,
    before, { timeout: 60_000 });
  const live = await page.$eval("#live-count", p => p.textContent);
  console.log(`CHANGED stocked-out=${await stockedOut()} ticker=yes ${live}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`SCREENSHOT ${screenshot}`);
} finally {
  await browser.close();
}
process.exit(0);
