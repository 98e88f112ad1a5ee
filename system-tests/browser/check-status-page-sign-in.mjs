// Signs in to the status page in headless Chromium through an OIDC provider (authorization code + PKCE), as a person
// would: a forged callback is refused, the provider's form is filled in, the page comes back signed in, its token is
// refreshed before it expires and still works after the first one has expired, and sign-out ends the session.
// Driven by StatusPageSignInTest (system-tests). Usage: node check-status-page-sign-in.mjs <page-url> <username> <screenshot>
import { createRequire } from "node:module";

const require = createRequire(process.env.VAXTRACE_NODE_MODULES + "/");
const { chromium } = require("playwright-core");
const [pageUrl, username, screenshot] = process.argv.slice(2);
const executablePath = process.env.VAXTRACE_CHROMIUM || "/usr/bin/chromium";
const session = () => JSON.parse(sessionStorage.getItem("vaxtrace.session"));

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("console", m => { if (m.type() === "error" && !m.text().includes("WebSocket")) console.error("page console:", m.text()); });

  // A callback this tab did not start (a code injected by someone else) is refused before any token request.
  await page.goto(pageUrl.replace(/\?.*$/, "") + "?code=stolen&state=forged");
  await page.waitForFunction(() => (document.querySelector("#signin-reason") || {}).textContent?.includes("not started from this tab"),
    null, { timeout: 20_000 });
  console.log("FORGED-CALLBACK-REFUSED");

  // Sign in: the page sends the browser to the provider, the person fills in its form, the provider sends it back.
  await page.goto(pageUrl);
  await page.click("#signin-oidc");
  await page.waitForSelector("#username", { timeout: 20_000 });
  console.log(`AT-PROVIDER ${new URL(page.url()).pathname}`);
  await page.fill("#username", username);
  await page.click("#kc-login");
  await page.waitForFunction(name => document.querySelector("#who").textContent.startsWith(name), username, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector("#summary h2")?.textContent.startsWith("Kano"), null, { timeout: 30_000 });
  const back = new URL(page.url());
  if (back.searchParams.has("code") || back.searchParams.has("state")) throw new Error(`code left in the address: ${back}`);
  if (back.searchParams.get("product") !== "PENTA") throw new Error(`the page did not return to where it was: ${back}`);
  console.log(`SIGNED-IN ${await page.textContent("#who")}`);

  // The access token is short-lived here: the page refreshes it before it expires...
  const first = await page.evaluate(session);
  await page.waitForFunction(token => JSON.parse(sessionStorage.getItem("vaxtrace.session")).accessToken !== token,
    first.accessToken, { timeout: 30_000 });
  console.log("REFRESHED");
  // ...and once the first token has expired, the page (reloaded) still reads the API with the refreshed one.
  const firstExpiry = JSON.parse(Buffer.from(first.accessToken.split(".")[1], "base64url")).exp * 1000;
  await page.waitForFunction(expiry => Date.now() > expiry + 1000, firstExpiry, { timeout: 60_000, polling: 500 });
  await page.reload();
  await page.waitForFunction(() => document.querySelector("#summary h2")?.textContent.startsWith("Kano"), null, { timeout: 30_000 });
  console.log("SIGNED-IN-AFTER-FIRST-TOKEN-EXPIRED");

  // Sign-out: the provider's session ends and the page comes back asking for sign-in, holding no token.
  await page.click("#signout");
  await page.waitForSelector("#signin-oidc", { timeout: 30_000 });
  if (await page.evaluate(session)) throw new Error("a token is still kept after sign-out");
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log("SIGNED-OUT");
} finally {
  await browser.close();
}
process.exit(0);
