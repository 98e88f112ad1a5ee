// Measures the status page's Lighthouse accessibility score (issue 21's target: at least 90) in Debian's headless
// Chromium, as a phone (Lighthouse's default emulation) and as a desktop, with the page signed in and live. Prints one
// "LIGHTHOUSE <form factor> <score 0-100>" line per run and one "FAILED <form factor> <audit id> — <title>: <elements>"
// line per failing audit. Driven by StockEventJourneyTest, which asserts the scores.
// Usage: node check-status-page-lighthouse.mjs <page-url>
import path from "node:path";
import { pathToFileURL } from "node:url";

const modules = process.env.VAXTRACE_NODE_MODULES;
const load = name => import(pathToFileURL(path.join(modules, name)).href);
const { default: lighthouse } = await load("lighthouse/core/index.js");
const { default: desktopConfig } = await load("lighthouse/core/config/desktop-config.js");
const chromeLauncher = await load("chrome-launcher/dist/index.js");
const [pageUrl] = process.argv.slice(2);
const chromePath = process.env.VAXTRACE_CHROMIUM || "/usr/bin/chromium";

const chrome = await chromeLauncher.launch({ chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"] });
try {
  for (const [formFactor, config] of [["phone", undefined], ["desktop", desktopConfig]]) {
    const result = await lighthouse(pageUrl, { port: chrome.port, onlyCategories: ["accessibility"], logLevel: "error" }, config);
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${formFactor}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const category = lhr.categories.accessibility;
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        const nodes = ((audit.details && audit.details.items) || []).slice(0, 5)
          .map(item => (item.node && (item.node.selector || item.node.snippet)) || "").filter(Boolean);
        console.log(`FAILED ${formFactor} ${ref.id} — ${audit.title}: ${nodes.join(" | ")}`);
      }
    }
    console.log(`LIGHTHOUSE ${formFactor} ${Math.round(category.score * 100)} (lighthouse ${lhr.lighthouseVersion}, ${lhr.environment.hostUserAgent.match(/Chrome\/[0-9.]+/)})`);
  }
} finally {
  await chrome.kill();
}
process.exit(0);
