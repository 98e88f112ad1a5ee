// Opens the status page drilled down to one (stocked-out) facility in headless Chromium and checks that a transfer
// suggestion to it comes and goes live: it appears when alert-service suggests it and disappears when alert-service
// withdraws it — through
// the WebSocket's transfer:withdrawn frame alone (from the moment the suggestion shows, the page's minutely re-read of
// the suggestions list is refused, so only the frame can remove it).
// Driven by StockEventJourneyTest in two steps: on the first READY it publishes the levels that make the suggestion,
// on the second those that withdraw it; each time it answers POSTED.
// Usage: node check-status-page-withdrawn.mjs <page-url> <receiving-facility-code>
import { createRequire } from "node:module";
import readline from "node:readline";

const require = createRequire(process.env.VAXTRACE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [pageUrl, receiver] = process.argv.slice(2);
const executablePath = process.env.VAXTRACE_CHROMIUM || "/usr/bin/chromium";

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function ready(step) {
  console.log(`READY ${step}`);
  for (;;) {
    const { value, done } = await lines.next();
    if (done) throw new Error(`stdin closed before POSTED (${step})`);
    if (value.trim() === "POSTED") return;
  }
}

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("console", m => { if (m.type() === "error") console.error("page console:", m.text()); });
  // The transfer frames naming the receiver as the page received them.
  const frames = [];
  page.on("websocket", ws => ws.on("framereceived", f => {
    if (typeof f.payload === "string" && f.payload.includes(`"${receiver}"`) && f.payload.includes("\"transfer:")) {
      frames.push(JSON.parse(f.payload).event);
    }
  }));
  await page.goto(pageUrl);
  await page.waitForSelector("#live[data-synced='true']", { timeout: 60_000 });
  // Suggestions to this test's own receiver (ids are product/donor/receiver): other tests' facilities share the LGA, and
  // one of their donors may be the nearer (or, at equal distance, the lower-coded) one.
  const item = `#transfer-list li[data-suggestion^="PENTA/"][data-suggestion$="/${receiver}"]`;
  if (await page.$(item)) throw new Error(`a suggestion to ${receiver} is listed before it was stocked out`);

  await ready("suggest");
  await page.waitForSelector(item, { timeout: 30_000 });
  const suggestions = await page.$$eval(item, lis => lis.map(li => `${li.dataset.suggestion} doses=${li.dataset.doses}`));
  console.log(`SUGGESTED ${suggestions.join(" ")}`);

  // From now on the list is not re-read: only the WebSocket can take the suggestion away.
  let reReads = 0;
  await page.route("**/api/v1/transfers/suggestions**", route => { reReads++; return route.abort(); });
  await ready("withdraw");
  await page.waitForFunction(selector => !document.querySelector(selector), item, { timeout: 30_000 });
  if (!frames.includes("transfer:withdrawn")) throw new Error(`removed without a transfer:withdrawn frame: ${frames}`);
  console.log(`WITHDRAWN-LIVE ${receiver} frames=${frames.join(",")} list-re-reads-refused=${reReads}`);
} finally {
  await browser.close();
}
process.exit(0);
