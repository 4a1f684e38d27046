/* Voisinage's service worker (served from /sw.js, scope "/"; docs/field.md, "Offline").
 * - Static files: from the cache, refreshed in the background (their names are versioned).
 * - Pages: only those whose response carries "Voisinage-Offline: <user id>" are kept (the
 *   agent's pages, never a partner's document), for one user at a time: a page of another
 *   user empties the cache first. The recording page is served from the cache at once and
 *   refreshed behind (it must open in a second on a slow network); the others come from the
 *   network, or from the cache when the network fails or is too slow.
 * - Nothing else (API, exports) is cached here: the entrances live in IndexedDB.
 * Logout deletes these caches (phone-app.js, and the server's Clear-Site-Data header) and
 *   tells this worker ("voisinage-forget"): a page still on its way when the agent logged out
 *   is not kept afterwards (each keep knows the epoch it started in). */
"use strict";
var SHELL = /*SHELL*/[];
var OFFLINE_TEXT = /*OFFLINE*/"";
var STATIC = "voisinage-static";
var PAGES = "voisinage-pages";
var OWNER = "/__voisinage/owner";
var HOME = "/__voisinage/home";
var NETWORK_WAIT_MS = 3000;
var epoch = 0;

self.addEventListener("message", function (event) {
  if (event.data === "voisinage-forget") {
    epoch += 1;
    event.waitUntil(caches.delete(PAGES));
  }
});

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return Promise.all(SHELL.map(function (url) { return cache.add(url).catch(function () {}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function isRecordPage(url) { return /\/main-courante\/saisir\/$/.test(url.pathname); }
function isHome(url) { return /^\/dispositifs\/[^/]+\/ce-soir\/$/.test(url.pathname); }
/* The recording page is one entry whatever its query (the pre-fill is read by its script). */
function keyFor(url) { return isRecordPage(url) ? url.origin + url.pathname : url.href; }

function keep(request, response, started) {
  var owner = response.headers.get("Voisinage-Offline");
  if (!owner || !response.ok || response.redirected || started !== epoch) { return Promise.resolve(); }
  var url = new URL(request.url);
  return caches.open(PAGES).then(function (cache) {
    return cache.match(OWNER).then(function (known) {
      return known ? known.text() : null;
    }).then(function (previous) {
      if (previous === null || previous === owner) { return cache; }
      return caches.delete(PAGES).then(function () { return caches.open(PAGES); });
    });
  }).then(function (cache) {
    var jobs = [cache.put(OWNER, new Response(owner)), cache.put(keyFor(url), response.clone())];
    if (isHome(url)) { jobs.push(cache.put(HOME, response.clone())); }
    return Promise.all(jobs);
  }).then(function () {
    // The agent logged out while this page was being kept: it goes too.
    if (started !== epoch) { return caches.delete(PAGES); }
  });
}

function cached(request) {
  var url = new URL(request.url);
  return caches.open(PAGES).then(function (cache) {
    return cache.match(keyFor(url)).then(function (hit) {
      // The site's root redirects an agent to their home: offline, open the kept one.
      if (!hit && url.pathname === "/") { return cache.match(HOME); }
      return hit;
    });
  });
}

function offlinePage() {
  var html = "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
    "<title>Voisinage</title><p>" + OFFLINE_TEXT + "</p>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function fromNetwork(request) {
  var started = epoch;
  return fetch(request).then(function (response) {
    return keep(request, response, started).catch(function () {}).then(function () { return response; });
  });
}

function page(event) {
  var request = event.request;
  if (isRecordPage(new URL(request.url))) {
    var update = fromNetwork(request);
    event.waitUntil(update.catch(function () {}));
    return cached(request).then(function (hit) {
      return hit || update.catch(function () { return offlinePage(); });
    });
  }
  return new Promise(function (resolve) {
    var settled = false;
    function answer(response) { if (!settled) { settled = true; resolve(response); } }
    var network = fromNetwork(request);
    event.waitUntil(network.catch(function () {}));
    network.then(answer, function () {
      cached(request).then(function (hit) { answer(hit || offlinePage()); });
    });
    // A network that does not answer in time (a cellar): the kept copy, if there is one.
    setTimeout(function () {
      cached(request).then(function (hit) { if (hit) { answer(hit); } });
    }, NETWORK_WAIT_MS);
  });
}

function staticFile(event) {
  var request = event.request;
  return caches.open(STATIC).then(function (cache) {
    return cache.match(request).then(function (hit) {
      var update = fetch(request).then(function (response) {
        if (response.ok) { return cache.put(request, response.clone()).then(function () { return response; }); }
        return response;
      });
      if (hit) { event.waitUntil(update.catch(function () {})); return hit; }
      return update;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(staticFile(event)); return; }
  if (request.mode === "navigate") { event.respondWith(page(event)); }
});
