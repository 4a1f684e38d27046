/* The field app on the agent's phone, on every page (docs/field.md, "Offline"):
 * - registers the service worker that keeps the agent's pages for offline use;
 * - keeps the entrances of the agent's perimeter and the field codes on the phone (IndexedDB),
 *   refreshed when online, for the recording page's offline search;
 * - the outbox: entries wait in this phone's storage until the server has accepted them (or the
 *   agent deletes them). They are sent from any page, in order, each with its idempotency key,
 *   when the network returns and on a timer. One the server refuses stays, marked with the
 *   server's message; a version conflict keeps both versions for the agent to choose;
 * - the banner "n saisies en attente" at the bottom of the screen, and the offline notice;
 * - logout deletes what the phone keeps (pages, entrances, waiting entries, after a warning).
 * Exposes window.Voisinage for record.js and outbox.js. */
(function () {
  "use strict";
  var OUTBOX = "voisinage.outbox";
  var DB_NAME = "voisinage";
  var REFRESH_MS = 30 * 60 * 1000;
  var app = document.getElementById("phone-app");
  var labels = app ? app.dataset : {};
  var user = app ? app.dataset.user : "";

  function fill(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; });
  }

  // --- IndexedDB: one record per scheme in "entrances" and in "codes" ---------------------
  var dbPromise = null;
  function db() {
    if (!window.indexedDB) { return Promise.reject(new Error("no IndexedDB")); }
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("entrances", { keyPath: "scheme" });
          request.result.createObjectStore("codes", { keyPath: "scheme" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }
  function dbGet(store, key) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var r = d.transaction(store).objectStore(store).get(key);
        r.onsuccess = function () { resolve(r.result || null); };
        r.onerror = function () { reject(r.error); };
      });
    });
  }
  function dbPut(store, value) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction(store, "readwrite");
        tx.objectStore(store).put(value);
        tx.oncomplete = function () { resolve(); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function dropDatabase() {
    var closing = dbPromise ? dbPromise.then(function (d) { d.close(); }).catch(function () {}) : Promise.resolve();
    dbPromise = null;
    return closing.then(function () {
      return new Promise(function (resolve) {
        if (!window.indexedDB) { resolve(); return; }
        var r = indexedDB.deleteDatabase(DB_NAME);
        r.onsuccess = r.onerror = r.onblocked = function () { resolve(); };
      });
    });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
  }

  /* The perimeter's entrances, downloaded in pages (compact rows) and stored whole. */
  function downloadEntrances(slug, url) {
    var rows = [], landlords = {}, hoods = {};
    function page(after) {
      return getJSON(url + "?after=" + after).then(function (data) {
        rows = rows.concat(data.rows);
        Object.assign(landlords, data.landlords); Object.assign(hoods, data.neighbourhoods);
        return data.next_after ? page(data.next_after) : null;
      });
    }
    return page(0).then(function () {
      // The search's normalised texts are made once here, not at each opening of a page.
      var record = {
        scheme: slug, user: user, refreshed: Date.now(), rows: rows, landlords: landlords, neighbourhoods: hoods,
        codes: rows.map(function (r) { return normalise(r[1]); }),
        texts: rows.map(function (r) { return normalise([r[1], r[2], r[3], hoods[r[5]]].join(" ")); })
      };
      // A small record beside it says when: checking freshness does not read 9 000 rows.
      return dbPut("entrances", record).then(function () {
        return dbPut("entrances", { scheme: slug + "#meta", user: user, refreshed: record.refreshed });
      }).then(function () { return record; });
    });
  }
  function refresh(force) {
    if (!app || !app.dataset.scheme || navigator.onLine === false) { return Promise.resolve(); }
    var slug = app.dataset.scheme;
    return dbGet("entrances", slug + "#meta").then(function (known) {
      if (!force && known && known.user === user && Date.now() - known.refreshed < REFRESH_MS) { return null; }
      return Promise.all([
        downloadEntrances(slug, app.dataset.entrances),
        getJSON(app.dataset.codes).then(function (codes) {
          return dbPut("codes", { scheme: slug, user: user, refreshed: Date.now(), lists: codes });
        })
      ]);
    }).catch(function () { /* offline or refused: keep what the phone has */ });
  }
  function normalise(text) {
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  /* The stored entrances of a scheme, as the search reads them: parallel arrays (normalised
     codes and texts, positions) and entrance(i) for the few shown. */
  function entrances(slug) {
    return dbGet("entrances", slug).then(function (record) {
      if (!record || record.user !== user || !record.texts) { return null; }
      var rows = record.rows, n = rows.length, lat = new Float64Array(n), lon = new Float64Array(n);
      for (var i = 0; i < n; i++) { lat[i] = rows[i][6] === null ? NaN : rows[i][6]; lon[i] = rows[i][7] === null ? NaN : rows[i][7]; }
      return {
        length: n, codes: record.codes, texts: record.texts, lat: lat, lon: lon,
        entrance: function (i) {
          var r = rows[i];
          return {
            id: r[0], code: r[1], address: r[2], residence: r[3],
            landlord: { id: r[4], name: record.landlords[r[4]] || "" },
            neighbourhood: { id: r[5], name: record.neighbourhoods[r[5]] || "" },
            lat: r[6], lon: r[7]
          };
        }
      };
    }).catch(function () { return null; });
  }
  function codes(slug) {
    return dbGet("codes", slug).then(function (r) { return r && r.user === user ? r.lists : null; })
      .catch(function () { return null; });
  }

  // --- The outbox (this phone's storage; only the current user's entries are sent) ---------
  function all() {
    try { return JSON.parse(localStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; }
  }
  function save(items) {
    localStorage.setItem(OUTBOX, JSON.stringify(items));
    render();
    document.dispatchEvent(new CustomEvent("voisinage:outbox"));
  }
  function mine() { return all().filter(function (i) { return i.user === user; }); }
  function find(id) { return all().filter(function (i) { return i.id === id; })[0] || null; }
  /* Add an item, or replace the one with the same id (a corrected entry keeps its key). */
  function put(item) {
    item.user = user;
    var items = all(), at = -1;
    items.forEach(function (i, n) { if (i.id === item.id) { at = n; } });
    if (at >= 0) { items[at] = item; } else { items.push(item); }
    save(items);
  }
  function update(id, change) {
    save(all().map(function (i) { return i.id === id ? Object.assign({}, i, change) : i; }));
  }
  function discard(id) { save(all().filter(function (i) { return i.id !== id; })); }

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    var input = document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function message(body, status) {
    if (body && typeof body.detail === "string") { return body.detail; }
    if (body && Array.isArray(body.detail)) {
      return body.detail.map(function (d) { return (d.loc || []).slice(-1)[0] + " : " + d.msg; }).join(" ; ");
    }
    return "HTTP " + status;
  }
  function send(item) {
    return fetch(item.url, {
      method: item.method || "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": item.id, "X-CSRFToken": csrf() },
      body: JSON.stringify(item.payload)
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) { return { status: r.status, body: body }; });
    });
  }
  /* Send the waiting entries in order. Resolves to the outcomes by item id. A network failure
     or a server error stops the round (the rest waits for the next one). */
  var flushing = null;
  function flush() {
    // A round is running: another one follows it (an entry or the network may have come since).
    if (flushing) {
      return flushing.then(function (first) {
        return flush().then(function (second) { return Object.assign({}, first, second); });
      });
    }
    var outcomes = {};
    function next() {
      var item = mine().filter(function (i) { return i.state === "waiting" && !outcomes[i.id]; })[0];
      if (!item) { return Promise.resolve(outcomes); }
      return send(item).then(function (answer) {
        var s = answer.status;
        if (s >= 200 && s < 300) {
          discard(item.id); outcomes[item.id] = { state: "sent", body: answer.body };
        } else if (s === 409) {
          update(item.id, { state: "conflict", message: message(answer.body, s), current: answer.body && answer.body.current });
          outcomes[item.id] = { state: "conflict" };
        } else if (s === 401 || s === 403) {
          // Logged out meanwhile: nothing was recorded; the entry waits for a new login.
          update(item.id, { message: labels.labelLoginNeeded });
          return outcomes;
        } else if (s >= 400 && s < 500 && s !== 408 && s !== 429) {
          update(item.id, { state: "refused", message: message(answer.body, s) });
          outcomes[item.id] = { state: "refused", message: message(answer.body, s) };
        } else {
          return outcomes;
        }
        return next();
      });
    }
    flushing = next().catch(function () { return outcomes; }).then(function (result) {
      flushing = null; render(); return result;
    });
    return flushing;
  }

  // --- The banner at the bottom of the screen ---------------------------------------------
  var banner = document.getElementById("phone-banner");
  function render() {
    if (!banner) { return; }
    var items = mine(), waiting = items.filter(function (i) { return i.state === "waiting"; }).length;
    var other = items.length - waiting, parts = [];
    if (waiting) { parts.push(waiting === 1 ? labels.labelOne : fill(labels.labelMany, { count: waiting })); }
    if (other) { parts.push(other === 1 ? labels.labelRefusedOne : fill(labels.labelRefusedMany, { count: other })); }
    var offline = navigator.onLine === false;
    var text = parts.join(" · ");
    if (offline) { text = text ? fill(labels.labelOfflinePending, { waiting: text }) : labels.labelOffline; }
    banner.querySelector(".phone-banner-text").textContent = text;
    var link = banner.querySelector(".phone-banner-link");
    var outboxUrl = (items[0] && items[0].outbox) || (app && app.dataset.outbox);
    link.hidden = !items.length || !outboxUrl || location.pathname === outboxUrl;
    if (outboxUrl) { link.href = outboxUrl; }
    banner.hidden = !text;
    banner.classList.toggle("offline", offline);
    banner.classList.toggle("refused", other > 0);
    document.body.classList.toggle("with-phone-banner", !!text);
    document.querySelectorAll("[data-refreshed-at]").forEach(function (el) {
      if (!el.dataset.online) { el.dataset.online = el.textContent; }
      el.textContent = offline ? fill(labels.labelRefreshed, { time: el.dataset.refreshedAt }) : el.dataset.online;
      el.classList.toggle("offline-note", offline);
    });
  }

  // --- Logout: the phone keeps nothing of the agent ----------------------------------------
  function clearDevice(keepOutbox) {
    var jobs = [dropDatabase()];
    // The service worker drops the pages it is still keeping (see service-worker.js).
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) { worker.postMessage("voisinage-forget"); }
    if (window.caches) {
      jobs.push(caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("voisinage-") === 0; })
          .map(function (k) { return caches.delete(k); }));
      }));
    }
    if (!keepOutbox) { try { localStorage.removeItem(OUTBOX); } catch (e) { /* ignore */ } }
    return Promise.all(jobs).catch(function () {});
  }
  /* The logout goes on at once (nothing waits for the clearing): the outbox is deleted here,
     the caches and the database start being deleted, and the server's answer
     (Clear-Site-Data) and the login page's script finish the job. */
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (mine().length && !window.confirm(labels.labelLogout)) { event.preventDefault(); return; }
      clearDevice(false);
    });
  });

  window.Voisinage = {
    user: user, labels: labels, entrances: entrances, codes: codes, refresh: refresh,
    outbox: { all: mine, find: find, put: put, update: update, discard: discard, flush: flush },
    normalise: normalise, fill: fill, clearDevice: clearDevice
  };

  if (!app) {
    // A page without a logged-in user (the login page): no other person's pages or entrances
    // stay on the phone. Waiting entries stay: they are sent once their author logs in again.
    clearDevice(true);
    return;
  }
  if (app.dataset.scheme && "serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  window.addEventListener("online", function () { render(); flush(); refresh(false); });
  window.addEventListener("offline", render);
  window.addEventListener("storage", function (e) { if (e.key === OUTBOX) { render(); } });
  setInterval(function () { if (navigator.onLine !== false) { flush(); } }, 10000);
  render();
  if (navigator.onLine !== false) { flush(); refresh(false); }
})();
