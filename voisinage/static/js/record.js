/* Recording an intervention on a phone.
 * - Entrance picked by search or "near me" (browser geolocation), both through the API.
 * - On save, the entry is posted as JSON to the API with an Idempotency-Key. If the network
 *   fails, it is kept in this phone's storage and resent automatically; the key guarantees the
 *   server never records it twice, even when the first attempt did reach it.
 * Without JavaScript the form posts normally (the server resolves the entrance code). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("record-form");
  if (!form) { return; }
  var OUTBOX = "voisinage.outbox";
  var search = document.getElementById("entrance-search");
  var results = document.getElementById("entrance-results");
  var chosen = document.getElementById("entrance-chosen");
  var codeInput = form.querySelector("[name=entrance_code]");
  var errorsBox = form.querySelector(".js-errors");
  var outboxBox = document.getElementById("outbox");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function showResults(entrances) {
    results.innerHTML = "";
    entrances.forEach(function (e) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.textContent = e.code + " — " + e.address;
      var small = document.createElement("small");
      small.textContent = e.landlord.name + " · " + e.neighbourhood.name +
        (e.distance_m !== undefined ? " · " + e.distance_m + " m" : "");
      b.appendChild(small);
      b.addEventListener("click", function () { choose(e); });
      li.appendChild(b); results.appendChild(li);
    });
  }
  function choose(e) {
    codeInput.value = e.code;
    chosen.textContent = e.code + " — " + e.address + " (" + e.landlord.name + ")";
    chosen.hidden = false; results.innerHTML = ""; search.value = "";
  }
  var timer = null;
  search.addEventListener("input", function () {
    clearTimeout(timer);
    var q = search.value.trim();
    if (q.length < 2) { results.innerHTML = ""; return; }
    timer = setTimeout(function () {
      fetch(form.dataset.entrances + "?limit=8&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) { showResults(data.items || []); })
        .catch(function () { /* offline: the code field still works */ });
    }, 250);
  });
  document.getElementById("nearest").addEventListener("click", function () {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude, lon = pos.coords.longitude;
      form.querySelector("#id_lat").value = lat; form.querySelector("#id_lon").value = lon;
      fetch(form.dataset.nearest + "?limit=6&lat=" + lat + "&lon=" + lon, { credentials: "same-origin" })
        .then(function (r) { return r.json(); }).then(showResults).catch(function () {});
    }, function () {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });

  if (form.dataset.offline !== "true") { return; }

  function readOutbox() {
    try { return JSON.parse(localStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; }
  }
  function writeOutbox(items) { localStorage.setItem(OUTBOX, JSON.stringify(items)); renderOutbox(); }
  function renderOutbox() {
    var n = readOutbox().length;
    outboxBox.hidden = n === 0;
    outboxBox.querySelector("p").textContent = n === 0 ? "" :
      (n === 1 ? "Hors ligne : 1 saisie en attente d'envoi, elle sera renvoyée automatiquement."
               : "Hors ligne : " + n + " saisies en attente d'envoi, elles seront renvoyées automatiquement.");
  }
  function send(item) {
    return fetch(item.url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Idempotency-Key": item.key, "X-CSRFToken": csrf },
      body: JSON.stringify(item.payload)
    });
  }
  var flushing = false;
  function flush() {
    if (flushing) { return; }
    var items = readOutbox();
    if (!items.length) { return; }
    flushing = true;
    var item = items[0];
    send(item).then(function (r) {
      if (r.ok || (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429)) {
        // Accepted (or refused for good): either way it leaves the outbox.
        writeOutbox(readOutbox().filter(function (i) { return i.key !== item.key; }));
        flushing = false; flush();
      } else { flushing = false; }
    }).catch(function () { flushing = false; });
  }
  function checked(name) {
    return Array.prototype.map.call(form.querySelectorAll("[name=" + name + "]:checked"), function (i) { return i.value; });
  }
  function value(name) { var el = form.querySelector("[name=" + name + "]"); return el ? el.value : ""; }
  function isoFromLocal(v) { return v ? new Date(v).toISOString() : null; }
  function payload() {
    var radio = function (name) { var el = form.querySelector("[name=" + name + "]:checked"); return el ? el.value : ""; };
    var p = {
      started_at: isoFromLocal(value("started_at")), ended_at: isoFromLocal(value("ended_at")),
      origin: radio("origin") || "patrol",
      other_place_kind: value("other_place_kind"), other_place_label: value("other_place_label"),
      agent_ids: checked("agents").map(Number), activities: checked("activities"),
      situations: checked("material").concat(checked("behaviour")), actions: checked("actions"),
      adults: Number(value("adults") || 0), young_people: Number(value("young_people") || 0),
      minors: Number(value("minors") || 0), result: radio("result"), climate: radio("climate"),
      narrative: value("narrative"), sensitive: form.querySelector("[name=sensitive]").checked
    };
    var hood = value("neighbourhood"); if (hood) { p.neighbourhood_id = Number(hood); }
    var lat = value("lat"), lon = value("lon");
    if (lat && lon && !codeInput.value) { p.lat = Number(lat); p.lon = Number(lon); }
    return p;
  }
  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() :
      String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }
  function showErrors(text) { errorsBox.textContent = text; errorsBox.hidden = !text; if (text) { errorsBox.scrollIntoView(); } }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    showErrors("");
    var code = codeInput.value.trim();
    if (!code && !value("other_place_kind")) { showErrors("Choisissez une entrée ou un autre lieu."); return; }
    var item = { url: form.dataset.api, key: value("idempotency_key") || newKey(), payload: payload(), at: Date.now() };
    var button = form.querySelector("[type=submit]"); button.disabled = true;
    if (code) { item.payload.entrance_code = code; }
    send(item).then(function (r) {
      button.disabled = false;
      if (r.ok) {
        return r.json().then(function (data) { window.location.href = form.dataset.logbook + data.id + "/"; });
      }
      if (r.status >= 400 && r.status < 500) {
        return r.json().then(function (data) {
          if (typeof data.detail === "string") { showErrors(data.detail); return; }
          var fields = (data.detail || []).map(function (d) { return (d.loc || []).slice(-1)[0]; });
          showErrors("Saisie refusée : vérifiez " + (fields.join(", ") || "les champs") + ".");
        });
      }
      throw new Error("server " + r.status);
    }).catch(function (err) {
      button.disabled = false;
      // Network failure (or server error): keep it on the phone, resend later.
      writeOutbox(readOutbox().concat([item]));
      form.reset(); codeInput.value = ""; chosen.hidden = true;
      form.querySelector("[name=idempotency_key]").value = newKey();
    });
  });
  window.addEventListener("online", flush);
  setInterval(flush, 10000);
  renderOutbox(); flush();
})();
