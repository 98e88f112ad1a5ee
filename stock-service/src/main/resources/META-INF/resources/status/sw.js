"use strict";
// The status page's service worker: keeps the page itself (HTML, scripts, styles, the map outline) so that it opens
// without a network. Network first, so a new deployment is used at once; the saved copy only when the network fails.
// The API answers are not cached here: app.js keeps the last ones it read and labels them stale.
const SHELL = "vaxtrace-status-v1";
const FILES = ["./", "index.html", "style.css", "signin.js", "app.js", "nigeria-map.json"];

self.addEventListener("install", event => {
  event.waitUntil(caches.open(SHELL).then(cache => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(key => key !== SHELL).map(key => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith("/status/")) return;
  event.respondWith(fetch(event.request)
    .then(response => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(SHELL).then(cache => cache.put(event.request, copy));
      }
      return response;
    })
    .catch(() => caches.match(event.request, { ignoreSearch: true })
      .then(saved => saved || caches.match("index.html"))));
});
