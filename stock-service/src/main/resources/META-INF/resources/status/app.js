"use strict";
// VaxTrace status page: a map of Nigeria coloured by stock status for one product, kept live over the gateway's
// WebSocket (protocol: docs/websocket-protocol.md), with an alert ticker, suggested transfers, trends (inline SVG
// charts) and drill-down national → state → LGA → facility. Plain browser JavaScript, no build step and no
// third-party code. Offline, it shows the last data it read, labelled with its time (docs/trends.md#offline).

const STATUS = ["STOCKED_OUT", "BELOW_MIN", "WITHIN_RANGE", "ABOVE_MAX", "UNKNOWN"];
const COLOR = { STOCKED_OUT: "#c62828", BELOW_MIN: "#ef8f00", WITHIN_RANGE: "#2e7d32", ABOVE_MAX: "#1565c0", UNKNOWN: "#9e9e9e" };
/** A status label coloured as the map colours it (style.css: text dark where white would be hard to read). */
const badge = s => `<span class="status s-${COLOR[s] ? s : "UNKNOWN"}">${LABEL[s] || esc(s)}</span>`;
const LABEL = { STOCKED_OUT: "stocked out", BELOW_MIN: "below min", WITHIN_RANGE: "within min–max", ABOVE_MAX: "above max", UNKNOWN: "no data" };
const SVG_NS = "http://www.w3.org/2000/svg";

const page = {
  config: null, map: null, product: null,
  names: new Map(),           // area code → name
  lgasOf: new Map(),          // state code → [LGA codes]
  facilities: new Map(),      // facility code → {code, name, tier, stateCode, lgaCode, lon, lat, status, quantity}
  flashes: new Map(),         // facility code → time of its last live change (drawn with a ring for a few seconds)
  view: { state: null, lga: null, facility: null },
  projection: null, viewBox: null,
  alerts: new Map(),          // alert id → alert
  socket: null, rooms: {}, liveUpdates: 0, retry: 0,
  transfers: new Map(),       // suggestion id → suggestion (REST list, kept current by transfer:* frames)
  transfersDown: false, panelsKey: null, savedAt: null,
};

const $ = id => document.getElementById(id);
const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// ---------- who is looking ----------
// Sign-in (signin.js) gives an access token that goes with every API call and the WebSocket. Its claims only shape
// the page (where to start); every service checks the token itself.

function showSignIn(reason) {
  $("who").textContent = "";
  $("signout").hidden = true;
  const offers = [];
  if (Auth.canSignIn()) offers.push(`<button type="button" id="signin-oidc">Sign in</button>`);
  if (Auth.acceptsDevTokens()) {
    offers.push(`<form id="signin"><label>Access token (development) <textarea id="token" rows="4" required></textarea></label>`
      + `<button type="submit">Open</button></form>`
      + `<p class="muted">Local run: <code>./vaxtrace token national-officer</code> or <code>./vaxtrace token state-officer NG-KN</code>.</p>`);
  }
  if (!offers.length) offers.push(`<p class="muted">No sign-in is configured for this page (vaxtrace.status-page.sign-in.issuer).</p>`);
  $("summary").innerHTML = `<h2>Sign in</h2><p id="signin-reason">${esc(reason)}</p>` + offers.join("");
  if ($("signin-oidc")) $("signin-oidc").addEventListener("click", () => Auth.begin());
  if ($("signin")) $("signin").addEventListener("submit", event => {
    event.preventDefault();
    Auth.useDevToken($("token").value);
    location.reload();
  });
}

function authorised(headers = {}) {
  return { ...headers, Authorization: `Bearer ${Auth.token()}` };
}

// ---------- the last data read, for offline use ----------
// Each answer read is kept in localStorage (this browser only; forgotten at sign-out). When the network fails, the
// kept copy is shown and the header says from when.

const SAVED = "vaxtrace:last:";

function save(url, text) {
  if (text.length > 2_000_000) return; // the national map layer may not fit: the page then needs the network
  try { localStorage.setItem(SAVED + url, JSON.stringify({ at: Date.now(), text })); } catch (e) { /* storage full: keep going */ }
}

function saved(url) {
  try { return JSON.parse(localStorage.getItem(SAVED + url)); } catch (e) { return null; }
}

function forgetSaved() {
  for (const key of Object.keys(localStorage)) if (key.startsWith(SAVED)) localStorage.removeItem(key);
}

/** The page is showing data kept from earlier (oldest first counts): say so in the header. */
function showStale(at) {
  page.savedAt = page.savedAt ? Math.min(page.savedAt, at) : at;
  const stale = $("stale");
  stale.hidden = false;
  stale.textContent = `offline — data from ${new Date(page.savedAt).toLocaleString()}`;
  stale.dataset.savedAt = new Date(page.savedAt).toISOString();
}

function showFresh() {
  if (!page.savedAt) return;
  page.savedAt = null;
  $("stale").hidden = true;
}

/** A GET that falls back to the last copy read when the network fails (not when the server refuses). */
async function fetchJson(url, headers) {
  let response;
  try {
    response = await fetch(url, { headers: headers() });
  } catch (e) {
    const copy = saved(url);
    if (!copy) throw e;
    showStale(copy.at);
    return JSON.parse(copy.text);
  }
  showFresh(); // the network answers again
  return { response, retry: () => fetch(url, { headers: headers() }) };
}

/** A GET with the caller's token; a 401 is retried once after a token refresh (the timer may have slept). */
async function getJson(url) {
  const got = await fetchJson(url, () => authorised({ Accept: "application/json" }));
  if (!got.response) return got;
  let response = got.response;
  if (response.status === 401 && Auth.canRefresh()) {
    await Auth.refresh();
    response = await got.retry();
  }
  if (response.status === 401) throw new SignInNeeded("Your sign-in has expired or was not accepted.");
  if (!response.ok) throw Object.assign(new Error(`${url} answered ${response.status}`), { status: response.status });
  const text = await response.text();
  save(url, text);
  return JSON.parse(text);
}

/** The area code of the caller's view: NG, a zone, a state or an LGA (a facility officer's facility's LGA, once known). */
function homeArea() {
  return page.session.facility ? null : page.session.area;
}

// ---------- start-up ----------

async function start() {
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("sw.js").catch(e => console.warn("no offline copy of the page", e));
  const config = await fetchJson("/api/v1/status-page/config", () => ({ Accept: "application/json" }));
  if (config.response) {
    const text = await config.response.text();
    save("/api/v1/status-page/config", text);
    page.config = JSON.parse(text);
  } else {
    page.config = config;
  }
  page.session = await Auth.init(page.config);
  if (!page.session) { showSignIn("This page shows stock for your area: sign in to see it."); return; }
  $("who").textContent = `${page.session.user} · ${page.session.role} · ${page.session.facility ? "facility " : ""}${page.session.area}`;
  $("signout").hidden = false;
  $("signout").addEventListener("click", () => { forgetSaved(); Auth.signOut(); });
  page.map = await fetch("nigeria-map.json").then(r => r.json());
  $("attribution").textContent = page.map.attribution;
  drawStates();
  fitProjection();
  indexLocations(await getJson("/api/v1/locations"));
  // Products from the caller's own aggregate (a facility officer: its facility's stock card).
  const home = homeArea();
  const own = home ? await getJson(`/api/v1/areas/${encodeURIComponent(home)}/stock`)
    : await getJson(`/api/v1/facilities/${encodeURIComponent(page.session.facility)}/stock`);
  const products = own.products.map(p => p.productCode);
  const select = $("product");
  select.innerHTML = products.map(p => `<option>${esc(p)}</option>`).join("");
  const wanted = new URLSearchParams(location.search).get("product");
  page.stale = false;
  select.value = products.includes(wanted) ? wanted : (products.includes("PENTA") ? "PENTA" : products[0]);
  select.addEventListener("change", () => chooseProduct(select.value));
  $("states").addEventListener("click", onMapClick);
  $("states").addEventListener("mousemove", onMapHover);
  $("states").addEventListener("mouseleave", () => { $("tip").hidden = true; });
  window.addEventListener("resize", drawDots);
  const state = new URLSearchParams(location.search).get("state");
  if (state && page.lgasOf.has(state)) page.view.state = state;
  startInOwnArea();
  $("trend-days").addEventListener("change", () => { page.panelsKey = null; refreshPanels(); });
  await chooseProduct(select.value);
  const wantedFacility = page.facilities.get(new URLSearchParams(location.search).get("facility"));
  if (wantedFacility && !page.session.facility) { // (select, here, is the product list)
    page.view = { state: wantedFacility.stateCode, lga: wantedFacility.lgaCode, facility: wantedFacility.code };
    render();
  }
  if (page.session.facility) { startInOwnArea(); render(); } // its place in the tree is known once the layer is loaded
  await loadAlerts();
  connect();
  setInterval(drawDots, 1000); // fades the rings of recently changed facilities
  // Alerts of every kind (temperature and reporting gaps have no product) come from alert-service, revalidated by ETag;
  // the product's own alerts also arrive at once over the WebSocket.
  setInterval(loadAlerts, 10_000);
  // Suggestions are recomputed every minute; the transfer:* frames bring the changes sooner.
  setInterval(loadTransfers, 60_000);
}

/** A state, LGA or facility officer starts zoomed to their own area (the services only answer for it anyway). */
function startInOwnArea() {
  const area = page.session.area;
  if (page.lgasOf.has(area)) page.view.state = area;
  for (const [stateCode, lgas] of page.lgasOf) if (lgas.includes(area)) page.view = { state: stateCode, lga: area, facility: null };
  const facility = page.session.facility && page.facilities.get(page.session.facility);
  if (page.session.facility) page.view = { state: facility ? facility.stateCode : null, lga: facility ? facility.lgaCode : null, facility: page.session.facility };
}

function indexLocations(root) {
  const walk = node => {
    page.names.set(node.code, node.name);
    if (node.level === "STATE") page.lgasOf.set(node.code, (node.children || []).map(c => c.code));
    (node.children || []).forEach(walk);
  };
  walk(root);
}

async function chooseProduct(product) {
  page.product = product;
  await loadLayer();
  subscribeRooms();
  render();
}

/** The REST baseline of the map: every facility's status for the product, as stock-service knows it now. */
async function loadLayer() {
  const product = page.product;
  let layer;
  try {
    layer = await getJson(`/api/v1/map/facilities?product=${encodeURIComponent(product)}`);
  } catch (e) {
    // Offline without a kept copy (the national layer is too big to keep): the panels still show what was kept.
    if (e instanceof SignInNeeded || navigator.onLine) throw e;
    layer = { features: [] };
  }
  page.facilities.clear();
  for (const f of layer.features) {
    const p = f.properties;
    page.facilities.set(p.code, { code: p.code, name: p.name, tier: p.tier, stateCode: p.stateCode, lgaCode: p.lgaCode,
      lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], status: p.status || "UNKNOWN", quantity: p.quantity });
  }
}

// ---------- the map ----------

function drawStates() {
  const svg = $("states");
  svg.setAttribute("viewBox", page.map.viewBox);
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  for (const s of page.map.states) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", s.path);
    path.setAttribute("id", `state-${s.code}`);
    path.dataset.code = s.code;
    path.setAttribute("class", "rx");
    svg.appendChild(path);
  }
  const [x, y, w, h] = page.map.viewBox.split(/\s+/).map(Number);
  page.viewBox = { x, y, w, h };
}

/** Longitude/latitude → SVG units, fitted by least squares on the states' centroids and their outlines' centres. */
function fitProjection() {
  const fit = pairs => {
    const n = pairs.length, mx = pairs.reduce((a, p) => a + p[0], 0) / n, my = pairs.reduce((a, p) => a + p[1], 0) / n;
    const sxy = pairs.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0), sxx = pairs.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
    const slope = sxy / sxx;
    return [slope, my - slope * mx];
  };
  const xs = [], ys = [];
  for (const s of page.map.states) {
    const box = $(`state-${s.code}`).getBBox();
    xs.push([s.lon, box.x + box.width / 2]);
    ys.push([s.lat, box.y + box.height / 2]);
  }
  const [ax, bx] = fit(xs), [ay, by] = fit(ys);
  page.projection = (lon, lat) => [ax * lon + bx, ay * lat + by];
}

function zoomTo(stateCode) {
  let box = { ...page.viewBox };
  if (stateCode) {
    const b = $(`state-${stateCode}`).getBBox(), pad = Math.max(b.width, b.height) * 0.08;
    box = { x: b.x - pad, y: b.y - pad, w: b.width + 2 * pad, h: b.height + 2 * pad };
  }
  $("states").setAttribute("viewBox", `${box.x} ${box.y} ${box.w} ${box.h}`);
  page.currentBox = box;
}

/** SVG units → canvas pixels under preserveAspectRatio="xMidYMid meet". */
function toScreen(x, y, canvas) {
  const box = page.currentBox || page.viewBox;
  const scale = Math.min(canvas.width / box.w, canvas.height / box.h);
  const offX = (canvas.width - box.w * scale) / 2, offY = (canvas.height - box.h * scale) / 2;
  return [offX + (x - box.x) * scale, offY + (y - box.y) * scale, scale];
}

function visible(f) {
  if (page.view.lga) return f.lgaCode === page.view.lga;
  if (page.view.state) return f.stateCode === page.view.state;
  return true;
}

function drawDots() {
  const canvas = $("dots"), ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio), height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const ctx = canvas.getContext("2d");
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const zoomed = Boolean(page.view.state);
  const radius = (zoomed ? 3.2 : 1.6) * ratio, now = Date.now();
  // Worse statuses are drawn last so that they stay visible where dots overlap.
  const order = ["UNKNOWN", "WITHIN_RANGE", "ABOVE_MAX", "BELOW_MIN", "STOCKED_OUT"];
  const byStatus = new Map(order.map(s => [s, []]));
  for (const f of page.facilities.values()) {
    if (!zoomed || f.stateCode === page.view.state) (byStatus.get(f.status) || byStatus.get("UNKNOWN")).push(f);
  }
  // One path per status and visibility: 30,000 dots in a handful of fills.
  for (const status of order) {
    for (const shown of [false, true]) {
      ctx.fillStyle = COLOR[status];
      ctx.globalAlpha = shown ? 1 : 0.25;
      ctx.beginPath();
      for (const f of byStatus.get(status)) {
        if (visible(f) !== shown) continue;
        const [sx, sy] = page.projection(f.lon, f.lat);
        const [x, y] = toScreen(sx, sy, canvas);
        const r = f.code === page.view.facility ? radius * 2 : radius;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
  ctx.lineWidth = 2 * ratio;
  for (const [code, changed] of page.flashes) {
    if (now - changed > 4000) { page.flashes.delete(code); continue; }
    const f = page.facilities.get(code);
    if (!f || (zoomed && f.stateCode !== page.view.state)) continue;
    const [sx, sy] = page.projection(f.lon, f.lat);
    const [x, y] = toScreen(sx, sy, canvas);
    ctx.strokeStyle = COLOR[f.status] || COLOR.UNKNOWN;
    ctx.beginPath();
    ctx.arc(x, y, radius * 4, 0, Math.PI * 2);
    ctx.stroke();
  }
}

function colourStates() {
  const counts = new Map();
  for (const f of page.facilities.values()) {
    if (!f.stateCode) continue;
    const c = counts.get(f.stateCode) || { total: 0, out: 0 };
    c.total++;
    if (f.status === "STOCKED_OUT") c.out++;
    counts.set(f.stateCode, c);
  }
  for (const s of page.map.states) {
    const c = counts.get(s.code), share = c && c.total ? c.out / c.total : null;
    const band = share === null ? "rx" : share === 0 ? "r0" : share < 0.05 ? "r1" : share < 0.15 ? "r2" : "r3";
    const path = $(`state-${s.code}`);
    path.setAttribute("class", band + (s.code === page.view.state ? " selected" : ""));
    path.dataset.share = share === null ? "" : (share * 100).toFixed(1);
    path.dataset.band = band;
  }
}

function nearestFacility(event) {
  const canvas = $("dots"), ratio = window.devicePixelRatio || 1, rect = canvas.getBoundingClientRect();
  const px = (event.clientX - rect.left) * ratio, py = (event.clientY - rect.top) * ratio;
  let best = null, bestDistance = (page.view.state ? 8 : 4) * ratio;
  for (const f of page.facilities.values()) {
    if (page.view.state && f.stateCode !== page.view.state) continue;
    const [sx, sy] = page.projection(f.lon, f.lat);
    const [x, y] = toScreen(sx, sy, canvas);
    const d = Math.hypot(x - px, y - py);
    if (d < bestDistance) { best = f; bestDistance = d; }
  }
  return best;
}

function onMapClick(event) {
  const facility = page.view.state ? nearestFacility(event) : null;
  if (facility) return select({ state: facility.stateCode, lga: facility.lgaCode, facility: facility.code });
  const code = event.target.dataset && event.target.dataset.code;
  if (code) select({ state: code, lga: null, facility: null });
}

function onMapHover(event) {
  const tip = $("tip"), facility = page.view.state ? nearestFacility(event) : null;
  let text = null;
  if (facility) text = `${facility.name} (${facility.code}) — ${LABEL[facility.status]}${facility.quantity != null ? `, ${facility.quantity} doses` : ""}`;
  else if (event.target.dataset && event.target.dataset.code) {
    const share = event.target.dataset.share;
    text = `${page.names.get(event.target.dataset.code) || event.target.dataset.code}${share ? ` — ${share}% stocked out` : ""}`;
  }
  if (!text) { tip.hidden = true; return; }
  const rect = $("map").getBoundingClientRect();
  tip.textContent = text;
  tip.style.left = `${event.clientX - rect.left + 12}px`;
  tip.style.top = `${event.clientY - rect.top + 12}px`;
  tip.hidden = false;
}

// ---------- drill-down panels ----------

function select(view) {
  page.view = { state: null, lga: null, facility: null, ...view };
  render();
}

function render() {
  zoomTo(page.view.state);
  colourStates();
  drawDots();
  renderCrumbs();
  renderSummary();
  renderDetail();
  renderAlerts();
  refreshPanels();
}

function renderCrumbs() {
  const parts = [`<a data-level="national">Nigeria</a>`];
  if (page.view.state) parts.push(`<a data-level="state">${esc(page.names.get(page.view.state) || page.view.state)}</a>`);
  if (page.view.lga) parts.push(`<a data-level="lga">${esc(page.names.get(page.view.lga) || page.view.lga)} LGA</a>`);
  if (page.view.facility) parts.push(`<span>${esc(page.view.facility)}</span>`);
  const nav = $("crumbs");
  nav.innerHTML = parts.join(`<span class="sep">›</span>`);
  nav.querySelectorAll("a").forEach(a => a.addEventListener("click", () => {
    const level = a.dataset.level;
    if (level === "national") select({});
    if (level === "state") select({ state: page.view.state });
    if (level === "lga") select({ state: page.view.state, lga: page.view.lga });
  }));
}

function tally(facilities) {
  const counts = Object.fromEntries(STATUS.map(s => [s, 0]));
  for (const f of facilities) counts[f.status in counts ? f.status : "UNKNOWN"]++;
  return counts;
}

function bars(counts) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
  return `<div class="bars">${STATUS.map(s => `<div style="width:${(100 * counts[s] / total).toFixed(2)}%;background:${COLOR[s]}" title="${LABEL[s]}: ${counts[s]}"></div>`).join("")}</div>`
    + `<table>${STATUS.map(s => `<tr><td>${badge(s)}</td><td class="num" data-status="${s}">${counts[s]}</td></tr>`).join("")}</table>`;
}

function renderSummary() {
  const inScope = [...page.facilities.values()].filter(visible);
  const areaCode = page.view.lga || page.view.state || "NG";
  const title = areaCode === "NG" ? "Nigeria" : (page.names.get(areaCode) || areaCode) + (page.view.lga ? " LGA" : "");
  let html = `<h2>${esc(title)} — ${esc(page.product)} <small>${inScope.length} facilities</small></h2>${bars(tally(inScope))}`;
  html += `<p class="muted" id="live-count">${page.liveUpdates} live updates received</p>`;
  const children = page.view.lga ? null : page.view.state ? page.lgasOf.get(page.view.state) || [] : page.map.states.map(s => s.code);
  if (children) {
    const key = page.view.state ? "lgaCode" : "stateCode";
    const byChild = new Map(children.map(code => [code, { code, total: 0, out: 0, below: 0 }]));
    for (const f of inScope) {
      const row = byChild.get(f[key]);
      if (!row) continue;
      row.total++;
      if (f.status === "STOCKED_OUT") row.out++;
      if (f.status === "BELOW_MIN") row.below++;
    }
    const rows = [...byChild.values()].sort((a, b) => (b.out / (b.total || 1)) - (a.out / (a.total || 1)) || b.below - a.below).slice(0, page.view.state ? 60 : 12);
    html += `<table><tr><th>${page.view.state ? "LGA" : "State (most stock-outs first)"}</th><th class="num">facilities</th><th class="num">out</th><th class="num">below min</th></tr>`
      + rows.map(r => `<tr class="clickable" data-code="${esc(r.code)}"><td>${esc(page.names.get(r.code) || r.code)}</td><td class="num">${r.total}</td><td class="num">${r.out}</td><td class="num">${r.below}</td></tr>`).join("")
      + `</table>`;
  } else {
    const worst = inScope.slice().sort((a, b) => STATUS.indexOf(a.status) - STATUS.indexOf(b.status)).slice(0, 40);
    html += `<table><tr><th>facility</th><th>status</th><th class="num">doses</th></tr>`
      + worst.map(f => `<tr class="clickable" data-facility="${esc(f.code)}"><td>${esc(f.name)}</td><td>${badge(f.status)}</td><td class="num">${f.quantity ?? ""}</td></tr>`).join("")
      + `</table>`;
  }
  const summary = $("summary");
  summary.innerHTML = html;
  summary.querySelectorAll("tr[data-code]").forEach(tr => tr.addEventListener("click", () =>
    select(page.view.state ? { state: page.view.state, lga: tr.dataset.code } : { state: tr.dataset.code })));
  summary.querySelectorAll("tr[data-facility]").forEach(tr => tr.addEventListener("click", () =>
    select({ state: page.view.state, lga: page.view.lga, facility: tr.dataset.facility })));
}

async function renderDetail() {
  const detail = $("detail");
  const code = page.view.facility;
  if (!code) { detail.hidden = true; return; }
  detail.hidden = false;
  const f = page.facilities.get(code);
  detail.innerHTML = `<h2>${esc(f ? f.name : code)} <small>${esc(code)}</small></h2><p class="muted">loading…</p>`;
  try {
    const [stock, alerts] = await Promise.all([
      getJson(`/api/v1/facilities/${encodeURIComponent(code)}/stock`),
      getJson(`${page.config.alertsUrl}/api/v1/alerts?facility=${encodeURIComponent(code)}&limit=10`).catch(() => ({ items: [] })),
    ]);
    if (page.view.facility !== code) return;
    detail.innerHTML = `<h2>${esc(f ? f.name : code)} <small>${esc(code)} · ${esc(stock.tier || "")}</small></h2>`
      + `<p class="muted">last report: ${stock.lastReportAt ? new Date(stock.lastReportAt).toLocaleString() : "never"}</p>`
      + `<table><tr><th>product</th><th class="num">doses</th><th class="num">months</th><th>status</th></tr>`
      + stock.products.map(p => `<tr><td>${esc(p.productCode)}</td><td class="num">${p.quantity}</td><td class="num">${p.monthsOfStock ?? ""}</td><td>${badge(p.status)}</td></tr>`).join("")
      + `</table><h2 style="margin-top:.7rem">Open alerts</h2>`
      + (alerts.items.length ? `<ul>${alerts.items.map(a => `<li>${esc(a.severity)} · ${esc(a.message)}</li>`).join("")}</ul>` : `<p class="muted">none</p>`);
  } catch (e) {
    detail.innerHTML += `<p class="muted">${esc(e.message)}</p>`;
  }
}

// ---------- alerts ----------

async function loadAlerts() {
  try {
    const response = await fetch(`${page.config.alertsUrl}/api/v1/alerts?limit=100`, { cache: "no-cache", headers: authorised() });
    if (!response.ok) throw new Error(`alert-service answered ${response.status}`);
    const latest = await response.json();
    const fresh = new Map(latest.items.map(a => [a.alertId, a]));
    // Keep what the WebSocket just told us about (resolved ones fade out at the next refresh).
    for (const [id, a] of page.alerts) if (!fresh.has(id) && a.status === "RESOLVED" && a.live) fresh.set(id, { ...a, live: false });
    page.alerts = fresh;
    page.alertsDown = false;
  } catch (e) {
    page.alertsDown = true;
  }
  scheduleAlerts();
}

function onAlert(event, alert) {
  const known = page.alerts.get(alert.alertId);
  page.alerts.set(alert.alertId, { ...alert, live: true, fresh: event === "alert:new" || !known });
  scheduleAlerts();
}

let alertsPending = null;
function scheduleAlerts() {
  // A burst of alert frames is drawn once.
  if (alertsPending) return;
  alertsPending = setTimeout(() => { alertsPending = null; renderAlerts(); }, 250);
}

function inView(alert) {
  const area = alert.area || {};
  if (page.view.facility) return alert.facilityCode === page.view.facility;
  if (page.view.lga) return area.lgaCode === page.view.lga;
  if (page.view.state) return area.stateCode === page.view.state;
  return true;
}

function renderAlerts() {
  const list = [...page.alerts.values()].filter(inView)
    .sort((a, b) => (b.updatedAt || "").localeCompare(a.updatedAt || "")).slice(0, 40);
  const open = [...page.alerts.values()].filter(a => a.status !== "RESOLVED" && inView(a));
  const critical = open.filter(a => a.severity === "CRITICAL").length;
  $("alert-count").textContent = page.alertsDown ? "(alert-service unreachable)" : `${open.length} open${critical ? `, ${critical} critical` : ""}`;
  $("alerts").innerHTML = list.map(a => `<li class="${esc(a.severity)}${a.status === "RESOLVED" ? " resolved" : ""}${a.fresh ? " fresh" : ""}" data-facility="${esc(a.facilityCode)}" data-alert="${esc(a.alertId)}">`
    + `<div>${esc(a.message)}</div><div class="meta">${esc(a.alertType)} · ${esc(a.facilityCode)} · ${esc(a.status)} · ${new Date(a.updatedAt).toLocaleTimeString()}</div></li>`).join("");
  list.forEach(a => { a.fresh = false; });
  $("alerts").querySelectorAll("li").forEach(li => li.addEventListener("click", () => {
    const f = page.facilities.get(li.dataset.facility);
    select({ state: f ? f.stateCode : page.view.state, lga: f ? f.lgaCode : null, facility: li.dataset.facility });
  }));
}

// ---------- live updates over the WebSocket ----------

function connect() {
  const live = $("live");
  // Browsers cannot set headers on a WebSocket: the token goes as the access_token parameter (docs/websocket-protocol.md).
  const socket = new WebSocket(`${page.config.gatewayUrl}?access_token=${encodeURIComponent(Auth.token())}`);
  page.socket = socket;
  socket.onopen = () => { page.retry = 0; live.dataset.state = "live"; live.textContent = "live"; subscribeRooms(); };
  socket.onclose = () => {
    // The gateway closes at the token's expiry (4401); the reconnect carries the refreshed token.
    if (!Auth.token()) { showSignIn("Your sign-in has expired."); return; }
    page.stale = true; // unless the gateway can replay what we miss, the next snapshot needs a fresh baseline
    live.dataset.state = "down";
    live.textContent = "reconnecting…";
    page.retry = Math.min(page.retry + 1, 6);
    setTimeout(connect, 500 * 2 ** page.retry); // back off, then resume (epoch + seq) or get a fresh snapshot
  };
  socket.onmessage = message => onFrame(JSON.parse(message.data));
}

const ZONES = new Set(["NG-NC", "NG-NE", "NG-NW", "NG-SE", "NG-SS", "NG-SW"]);

/**
 * The product's room of the caller's area, by its canonical name (the gateway names frames so): map changes and the
 * product's alerts. National, zone and state rooms send counts unless asked for every change (the map needs them).
 */
function mapRoom() {
  const home = homeArea();
  const product = `?product=${page.product}`;
  if (!home) return `facility:${page.session.facility}${product}`;
  if (home.split("-").length === 3) return `lga:${home}${product}`;
  const area = home === "NG" ? "national" : ZONES.has(home) ? `zone:${home}` : `state:${home}`;
  return `${area}${product}&changes=true`;
}

function subscribeRooms() {
  const socket = page.socket;
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  const wanted = { map: mapRoom() };
  for (const [purpose, room] of Object.entries(wanted)) {
    const current = page.rooms[purpose];
    if (current && current.room === room && current.socket === socket) continue;
    if (current && current.socket === socket) socket.send(JSON.stringify({ action: "unsubscribe", room: current.room }));
    const resume = current && current.room === room && current.epoch ? { epoch: current.epoch, seq: current.seq } : {};
    page.rooms[purpose] = { room, socket, epoch: resume.epoch, seq: resume.seq };
    socket.send(JSON.stringify({ action: "subscribe", room, ...resume }));
  }
}

function track(frame) {
  for (const r of Object.values(page.rooms)) {
    if (r.room !== frame.room) continue;
    if (frame.event === "subscribed") {
      // Only the epoch: the seq here is the room's latest, and replayed frames (numbered) follow.
      if (frame.data && frame.data.epoch) r.epoch = frame.data.epoch;
      if (frame.data && frame.data.resumed) page.stale = false;
    } else if (frame.event === "snapshot") {
      r.epoch = frame.data.epoch;
      r.seq = frame.data.seq;
    } else if (typeof frame.seq === "number") {
      r.seq = frame.seq;
    }
  }
}

function onFrame(frame) {
  track(frame);
  const isMapRoom = page.rooms.map && frame.room === page.rooms.map.room;
  switch (frame.event) {
    case "snapshot":
      if (isMapRoom) applySnapshot(frame.data);
      break;
    case "page":
      if (isMapRoom) applyPage(frame.data);
      break;
    case "map:update":
      if (isMapRoom) {
        // Status only: a marker's balance may be older than a stock:update already applied.
        (frame.data.markers || []).forEach(m => setStatus(m.facilityCode, m.productCode, m.status, null, false));
        liveChange();
      }
      break;
    case "stock:update":
      if (isMapRoom) {
        const d = frame.data;
        setStatus(d.facilityCode, d.productCode, d.metrics ? d.metrics.status : null, d.productBalanceAfter, true);
        liveChange();
      }
      break;
    case "stock:batch":
      // National, zone and state rooms that asked for the changes: those of the last interval in one frame.
      if (isMapRoom) {
        (frame.data.updates || []).forEach(u => setStatus(u.facilityCode, u.productCode, u.status, u.productBalance, true));
        liveChange();
      }
      break;
    case "alert:new":
    case "alert:update":
    case "alert:resolved":
      if (isMapRoom) onAlert(frame.event, frame.data);
      break;
    case "transfer:suggested":
    case "transfer:withdrawn":
      if (isMapRoom) onTransfer(frame.event, frame.data);
      break;
    case "error":
      console.warn("gateway error", frame.data);
      break;
    default:
      break;
  }
}

/**
 * A snapshot is the gateway's state since it started, laid over the REST baseline. After a gap the gateway could not
 * replay (restart, another instance), the baseline is fetched again first, so changes made during the gap are not lost.
 */
async function applySnapshot(snapshot) {
  if (page.stale) {
    page.stale = false;
    await Promise.all([loadLayer(), loadAlerts()]);
  }
  (snapshot.stock || []).forEach(s => setStatus(s.facilityCode, s.productCode, s.status, s.productBalance, false));
  (snapshot.alerts || []).forEach(a => page.alerts.set(a.alertId, a));
  // National, zone and state rooms send counts, not facilities: page through the detail (stock, then alerts).
  if (snapshot.view === "aggregate") requestPage("stock", null);
  render();
  $("live").dataset.synced = "true";
}

function requestPage(of, cursor) {
  const socket = page.socket;
  if (!socket || socket.readyState !== WebSocket.OPEN || !page.rooms.map) return;
  socket.send(JSON.stringify({ action: "page", room: page.rooms.map.room, of, cursor, limit: 2000 }));
}

/** A page of the room's detail at its seq: deltas after that seq are already applied or still to come. */
function applyPage(p) {
  if (p.of === "alerts") (p.items || []).forEach(a => page.alerts.set(a.alertId, a));
  else (p.items || []).forEach(s => setStatus(s.facilityCode, s.productCode, s.status, s.productBalance, false));
  if (p.nextCursor) requestPage(p.of, p.nextCursor);
  else if (p.of === "stock") requestPage("alerts", null);
  liveChange();
}

function setStatus(code, product, status, balance, live) {
  if (product !== page.product) return;
  const f = page.facilities.get(code);
  if (!f) return;
  if (status) f.status = status;
  if (balance != null) f.quantity = balance;
  if (live) { page.flashes.set(code, Date.now()); page.liveUpdates++; }
}

let pending = null;
function liveChange() {
  // Many changes a second are drawn together.
  if (pending) return;
  pending = setTimeout(() => { pending = null; colourStates(); drawDots(); renderSummary(); }, 250);
}

// ---------- suggested transfers ----------

/** The area code of what is in view: an LGA, a state, or the caller's own (national: NG). */
function viewArea() {
  return page.view.lga || page.view.state || homeArea() || null;
}

const transferId = t => t.suggestionId || `${t.productCode}/${t.from.facilityCode}/${t.to.facilityCode}`;

/** The suggestions of the area in view for the product, from alert-service (recomputed every minute). */
async function loadTransfers() {
  const product = page.product, area = viewArea();
  const query = new URLSearchParams({ product, limit: "200", ...(area ? { area } : {}) });
  try {
    const list = await getJson(`${page.config.alertsUrl}/api/v1/transfers/suggestions?${query}`);
    if (product !== page.product || area !== viewArea()) return;
    page.transfers = new Map(list.items.map(t => [transferId(t), { ...t, version: t.version || 0 }]));
    page.transfersComputedAt = list.computedAt;
    page.transfersDown = false;
  } catch (e) {
    if (e instanceof SignInNeeded) throw e;
    page.transfersDown = e.status === 503 ? "being computed…" : "alert-service unreachable";
  }
  renderTransfers();
}

/** A live change: replace or remove the suggestion (the higher version wins over the REST list's). */
function onTransfer(event, t) {
  if (t.productCode !== page.product) return;
  const id = transferId(t), known = page.transfers.get(id);
  if (known && known.version > t.version) return;
  if (event === "transfer:withdrawn") page.transfers.delete(id);
  else page.transfers.set(id, { ...t, fresh: true });
  renderTransfers();
}

function transferInView(t) {
  const sides = [t.from, t.to];
  if (page.view.facility) return sides.some(s => s.facilityCode === page.view.facility);
  if (page.view.lga) return sides.some(s => s.lgaCode === page.view.lga);
  if (page.view.state) return sides.some(s => s.stateCode === page.view.state);
  return true;
}

const NEED = { STOCKED_OUT: "stocked out", PREDICTED_STOCK_OUT: "will stock out soon", BELOW_MIN: "below min" };

function renderTransfers() {
  const name = code => (page.facilities.get(code) || {}).name || code;
  const order = Object.keys(NEED);
  const list = [...page.transfers.values()].filter(transferInView)
    .sort((a, b) => order.indexOf(a.need) - order.indexOf(b.need) || b.doses - a.doses);
  $("transfer-count").textContent = page.transfersDown ? `(${page.transfersDown})` : `${list.length} for ${page.product}`;
  $("transfer-list").innerHTML = list.slice(0, 50).map(t => `<li class="need-${esc(t.need)}${t.fresh ? " fresh" : ""}" data-suggestion="${esc(transferId(t))}" data-doses="${t.doses}">`
    + `<div><b>${t.doses} doses</b> ${esc(name(t.from.facilityCode))} → ${esc(name(t.to.facilityCode))}</div>`
    + `<div class="meta">${esc(t.to.facilityCode)} ${esc(NEED[t.need] || t.need)} · ${t.distanceKm} km, ${t.reach === "SAME_LGA" ? "same LGA" : "same state"}`
    + `${t.lots && t.lots.length ? ` · ship ${t.lots.map(l => `${esc(l.lotCode)} (${l.doses}${l.expiry ? `, exp ${esc(l.expiry)}` : ""})`).join(", ")}` : ""}</div></li>`).join("")
    || `<li class="muted">none${page.transfersComputedAt ? ` (plan of ${new Date(page.transfersComputedAt).toLocaleTimeString()})` : ""}</li>`;
  list.forEach(t => { t.fresh = false; });
}

// ---------- trends ----------

/** Reloads the transfers and trends when what is in view (area, facility, product, period) changed. */
function refreshPanels() {
  if (!page.product || !page.config) return;
  const key = [page.product, page.view.state, page.view.lga, page.view.facility, $("trend-days").value].join("|");
  if (key === page.panelsKey) { renderTransfers(); return; }
  page.panelsKey = key;
  loadTransfers().catch(e => console.warn(e));
  loadTrends().catch(e => console.warn(e));
}

/** Today in Lagos (UTC+1 all year), minus some days, as an ISO date. */
function lagosDate(daysAgo) {
  return new Date(Date.now() + 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

async function loadTrends() {
  const key = page.panelsKey, days = Number($("trend-days").value), product = page.product;
  const facility = page.view.facility, area = viewArea() || "NG";
  const stockUrl = facility ? `/api/v1/facilities/${encodeURIComponent(facility)}/trends` : `/api/v1/areas/${encodeURIComponent(area)}/trends`;
  const scope = facility ? { facility } : { area };
  $("trend-title").textContent = `${product} · ${facility ? (page.facilities.get(facility) || {}).name || facility : page.names.get(area) || area}`;
  const [stock, alerts] = await Promise.all([
    getJson(`${stockUrl}?${new URLSearchParams({ product, from: lagosDate(days - 1) })}`).catch(e => ({ failed: e.message })),
    getJson(`${page.config.alertsUrl}/api/v1/alerts/daily?${new URLSearchParams({ days: String(days), ...scope })}`)
      .catch(e => ({ failed: e.message })),
  ]);
  if (key !== page.panelsKey) return;
  const charts = [];
  if (stock.days) {
    charts.push(chart("Stock on hand", stock.days.map(d => [d.day, d.stockOnHand]), "line", "#1565c0", "doses"));
    charts.push(chart("Consumption", stock.days.map(d => [d.day, d.consumed]), "bars", "#2e7d32", "doses a day"));
    charts.push(chart("Months of stock", stock.days.map(d => [d.day, d.monthsOfStock]), "line", "#ef8f00", "months"));
  } else {
    charts.push(`<p class="muted">stock trends: ${esc(stock.failed)}</p>`);
  }
  if (alerts.days) {
    charts.push(chart("Open alerts", alerts.days.map(d => [d.day, d.open]), "line", "#c62828", "alerts",
      alerts.days.map(d => [d.day, d.raised])));
  } else {
    charts.push(`<p class="muted">alert trends: ${esc(alerts.failed)}</p>`);
  }
  $("trend-charts").innerHTML = charts.join("");
}

/**
 * One small inline SVG chart (no chart library: the page works without internet): a line (or bars) of the values per
 * day, 0 at the bottom, the largest value labelled; {@code extra} adds bars under the line (alerts raised per day).
 */
function chart(title, points, kind, color, unit, extra) {
  const W = 320, H = 96, left = 4, top = 10, bottom = 14, width = W - left - 4, height = H - top - bottom;
  const values = points.map(p => p[1]).filter(v => v != null).map(Number);
  const max = Math.max(1, ...values, ...(extra || []).map(p => p[1]));
  const x = i => left + (points.length === 1 ? width / 2 : (i * width) / (points.length - 1));
  const y = v => top + height - (Number(v) / max) * height;
  let marks = "";
  const barWidth = Math.max(1, width / points.length - 1);
  const bars = (series, fill) => series.map((p, i) => p[1] ? `<rect x="${(x(i) - barWidth / 2).toFixed(1)}" y="${y(p[1]).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(top + height - y(p[1])).toFixed(1)}" fill="${fill}"/>` : "").join("");
  if (extra) marks += bars(extra, "#f3c2bf");
  if (kind === "bars") marks += bars(points, color);
  else {
    // Days without a value (months of stock without consumption) break the line.
    const segments = [];
    let current = [];
    points.forEach((p, i) => {
      if (p[1] == null) { if (current.length) segments.push(current); current = []; } else current.push(`${x(i).toFixed(1)},${y(p[1]).toFixed(1)}`);
    });
    if (current.length) segments.push(current);
    marks += segments.map(s => s.length === 1 ? `<circle cx="${s[0].split(",")[0]}" cy="${s[0].split(",")[1]}" r="1.5" fill="${color}"/>`
      : `<polyline points="${s.join(" ")}" fill="none" stroke="${color}" stroke-width="1.6"/>`).join("");
  }
  const last = [...points].reverse().find(p => p[1] != null);
  const latest = last ? `${Number(last[1]).toLocaleString()} ${unit}` : "no data";
  const label = `${title}, ${points.length} days to ${points.length ? points[points.length - 1][0] : ""}: latest ${latest}, highest ${max.toLocaleString()}`;
  return `<figure class="chart" data-chart="${esc(title)}" data-latest="${last ? last[1] : ""}"><figcaption><span>${esc(title)}</span><b>${esc(latest)}</b></figcaption>`
    + `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`
    + `<line x1="${left}" x2="${W - 4}" y1="${top + height}" y2="${top + height}" stroke="#d9dee2"/>`
    + `<line x1="${left}" x2="${W - 4}" y1="${top}" y2="${top}" stroke="#eef0f2"/><text x="${W - 6}" y="${top - 2}" text-anchor="end">${max.toLocaleString()}</text>`
    + marks
    + `<text x="${left}" y="${H - 3}">${esc(points.length ? points[0][0] : "")}</text><text x="${W - 6}" y="${H - 3}" text-anchor="end">${esc(points.length ? points[points.length - 1][0] : "")}</text>`
    + `</svg></figure>`;
}

start().catch(e => {
  if (e instanceof SignInNeeded) { showSignIn(e.message); return; }
  $("summary").innerHTML = `<h2>Cannot load</h2><p>${esc(e.message)}</p>`;
  console.error(e);
});
