// Opens the status page on a phone-sized screen in headless Chromium, drilled down to one facility, and checks what
// issue 21 added: the trend charts (stock on hand as the ledger has it), a suggested transfer arriving live over the
// WebSocket, and — after going offline and reloading — the last data shown again, labelled with its time.
// Driven by StockEventJourneyTest, which publishes the levels that make the transfer when this script prints READY.
// Usage: node check-status-page-trends.mjs <page-url> <facility-code> <expected-stock-on-hand> <screenshot-path> <receiver-code>
import { createRequire } from "node:module";
import readline from "node:readline";

const require = createRequire(process.env.VAXTRACE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [pageUrl, facility, expectedStock, screenshot, receiver] = process.argv.slice(2);
const executablePath = process.env.VAXTRACE_CHROMIUM || "/usr/bin/chromium";

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
try {
  // A mid-range phone: 390 × 844 CSS pixels, touch.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.on("console", m => { if (m.type() === "error") console.error("page console:", m.text()); });
  await page.goto(pageUrl);
  await page.waitForSelector("#live[data-synced='true']", { timeout: 60_000 });
  const stockChart = "#trend-charts figure[data-chart='Stock on hand']";
  await page.waitForSelector(stockChart, { timeout: 30_000 });
  const latest = await page.$eval(stockChart, f => f.dataset.latest);
  if (latest !== expectedStock) throw new Error(`stock on hand chart shows ${latest}, expected ${expectedStock}`);
  const charts = await page.$$eval("#trend-charts figure", fs => fs.map(f => f.dataset.chart));
  console.log(`TRENDS ${charts.join(",")} stock=${latest}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 1) throw new Error(`the page is ${overflow}px wider than the phone's screen`);
  console.log("PHONE-FITS");
  // The page keeps an offline copy of itself once its service worker is active.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  console.log("READY");

  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) { if (line.trim() === "POSTED") break; }
  rl.close();
  process.stdin.destroy();
  // Within 30 s, while the page re-reads the list only every 60 s: the suggestion came over the WebSocket. Other
  // facilities of the same LGA (other tests') may be stocked out too, so wait for the pair the test set up.
  const suggestion = `#transfer-list li[data-suggestion*='${facility}/${receiver}']`;
  await page.waitForSelector(suggestion, { timeout: 30_000 });
  console.log(`TRANSFER-LIVE ${await page.$eval(suggestion, li => `${li.dataset.suggestion} doses=${li.dataset.doses}`)}`);

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("#stale:not([hidden])", { timeout: 30_000 });
  await page.waitForSelector(stockChart, { timeout: 30_000 });
  const offlineLatest = await page.$eval(stockChart, f => f.dataset.latest);
  if (offlineLatest !== expectedStock) throw new Error(`offline, the stock chart shows ${offlineLatest}, expected ${expectedStock}`);
  console.log(`OFFLINE ${await page.$eval("#stale", s => s.textContent)} stock=${offlineLatest}`);
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`SCREENSHOT ${screenshot}`);
} finally {
  await browser.close();
}
process.exit(0);
