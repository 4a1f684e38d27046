/* Recording an intervention on a phone, with or without network (docs/field.md, "Offline").
 * - The entrance is found by code, address or "near me" among the entrances of the agent's
 *   perimeter kept on the phone (phone-app.js); the API answers while the phone has none yet.
 * - The query string pre-fills the page ("Ce soir pour moi"): origin, entrance, and for a
 *   dispatched call or instruction the pending intervention to complete (id, version) and the
 *   route marking the call "on site", sent as soon as the page opens (queued when offline).
 *   ?brouillon=<key> opens a waiting or refused entry for correction.
 * - Saving checks what the server checks, then puts the entry in the outbox (nothing is lost
 *   if the network fails) and sends it at once; it leaves the phone only when the server has it.
 * Without JavaScript the form posts normally (the server resolves the entrance code). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("record-form");
  if (!form) { return; }
  var V = window.Voisinage;
  var L = form.dataset;
  var search = document.getElementById("entrance-search");
  var results = document.getElementById("entrance-results");
  var chosen = document.getElementById("entrance-chosen");
  var codeInput = form.querySelector("[name=entrance_code]");
  var errorsBox = form.querySelector(".js-errors");
  var status = document.getElementById("save-status");
  var sourceBox = document.getElementById("record-source");
  var params = new URLSearchParams(location.search);
  var local = null;  // the perimeter's entrances on this phone, once loaded

  // --- Entrances: search, near me -----------------------------------------------------------
  function showResults(entrances) {
    results.innerHTML = "";
    if (!entrances.length) {
      var empty = document.createElement("li"); empty.className = "muted"; empty.textContent = L.labelNoResults;
      results.appendChild(empty); return;
    }
    entrances.forEach(function (e) {
      var li = document.createElement("li"), b = document.createElement("button");
      b.type = "button";
      b.textContent = e.code + " — " + e.address;
      var small = document.createElement("small");
      small.textContent = [e.landlord.name, e.neighbourhood.name].filter(Boolean).join(" · ") +
        (e.distance_m !== undefined ? " · " + e.distance_m + " m" : "");
      b.appendChild(small);
      b.addEventListener("click", function () { choose(e); });
      li.appendChild(b); results.appendChild(li);
    });
  }
  function choose(e) {
    codeInput.value = e.code;
    chosen.textContent = e.code + " — " + e.address + (e.landlord.name ? " (" + e.landlord.name + ")" : "");
    chosen.hidden = false; results.innerHTML = ""; search.value = "";
  }
  function byCode(code) {
    if (!local) { return null; }
    var at = local.codes.indexOf(V.normalise(code));
    return at < 0 ? null : local.entrance(at);
  }
  /* Every word must appear in the code, address, residence or neighbourhood; exact code first,
     then by code. */
  function searchLocal(q) {
    var words = V.normalise(q).split(/\s+/).filter(Boolean).slice(0, 5), found = [];
    var texts = local.texts, codes = local.codes, exact = V.normalise(q.trim());
    for (var i = 0; i < texts.length; i++) {
      var ok = true;
      for (var w = 0; w < words.length; w++) { if (texts[i].indexOf(words[w]) < 0) { ok = false; break; } }
      if (ok) { found.push(i); }
    }
    found.sort(function (a, b) {
      return (codes[b] === exact) - (codes[a] === exact) || (codes[a] < codes[b] ? -1 : codes[a] > codes[b] ? 1 : 0);
    });
    return found.slice(0, 8).map(local.entrance);
  }
  /* The six closest, by the equirectangular distance (as the server's nearest query), kept in
     a small sorted list instead of sorting every entrance. */
  function nearestLocal(lat, lon) {
    var shrink = Math.cos(lat * Math.PI / 180), best = [], n = local.length;
    for (var i = 0; i < n; i++) {
      var dy = local.lat[i] - lat, dx = (local.lon[i] - lon) * shrink, d = dy * dy + dx * dx;
      if (d !== d) { continue; }  // no position
      if (best.length < 6 || d < best[best.length - 1][0]) {
        best.push([d, i]); best.sort(function (a, b) { return a[0] - b[0]; });
        if (best.length > 6) { best.pop(); }
      }
    }
    return best.map(function (b) {
      var e = local.entrance(b[1]);
      e.distance_m = Math.round(Math.sqrt(b[0]) * 111195);
      return e;
    });
  }
  /* How long the phone took to answer (bench/run_phone.py reads it). */
  function timed(work) {
    var t0 = performance.now();
    work();
    results.dataset.ms = (performance.now() - t0).toFixed(1);
  }
  var timer = null;
  function runSearch() {
    var q = search.value.trim();
    if (q.length < 2) { results.innerHTML = ""; return; }
    if (local) { timed(function () { showResults(searchLocal(q)); }); return; }
    fetch(L.entrances + "?limit=8&q=" + encodeURIComponent(q), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { showResults(data.items || []); })
      .catch(function () { /* offline before the first download: nothing to search */ });
  }
  search.addEventListener("input", function () {
    clearTimeout(timer);
    // On the phone the search is immediate; through the network, wait for a pause in typing.
    if (local) { runSearch(); } else { timer = setTimeout(runSearch, 250); }
  });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    event.preventDefault();
    var exact = byCode(search.value.trim());
    if (exact) { choose(exact); }
  });
  document.getElementById("nearest").addEventListener("click", function () {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude, lon = pos.coords.longitude;
      form.querySelector("#id_lat").value = lat; form.querySelector("#id_lon").value = lon;
      if (local) { timed(function () { showResults(nearestLocal(lat, lon)); }); return; }
      fetch(L.nearest + "?limit=6&lat=" + lat + "&lon=" + lon, { credentials: "same-origin" })
        .then(function (r) { return r.json(); }).then(showResults).catch(function () {});
    }, function () {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });

  // --- Times: "departure = now" in one tap ---------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function localValue(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  document.getElementById("depart-now").addEventListener("click", function () {
    form.querySelector("[name=ended_at]").value = localValue(new Date());
  });

  if (L.offline !== "true") { return; }  // editing an intervention: the plain form

  // --- The entry as the API takes it, and back -------------------------------------------------
  function all(name) { return Array.prototype.slice.call(form.querySelectorAll("[name=" + name + "]")); }
  function checked(name) { return all(name).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }); }
  function value(name) { var el = form.querySelector("[name=" + name + "]"); return el ? el.value : ""; }
  function radio(name) { return checked(name)[0] || ""; }
  function isoFromLocal(v) { return v ? new Date(v).toISOString() : null; }
  function payload() {
    var p = {
      started_at: isoFromLocal(value("started_at")), ended_at: isoFromLocal(value("ended_at")),
      origin: radio("origin") || "patrol", entrance_code: codeInput.value.trim(),
      other_place_kind: value("other_place_kind"), other_place_label: value("other_place_label"),
      agent_ids: checked("agents").map(Number), activities: checked("activities"),
      situations: checked("material").concat(checked("behaviour")), actions: checked("actions"),
      adults: Number(value("adults") || 0), young_people: Number(value("young_people") || 0),
      minors: Number(value("minors") || 0), result: radio("result"), climate: radio("climate"),
      narrative: value("narrative"), sensitive: form.querySelector("[name=sensitive]").checked
    };
    var hood = value("neighbourhood"); if (hood) { p.neighbourhood_id = Number(hood); }
    var lat = value("lat"), lon = value("lon");
    if (lat && lon && !p.entrance_code) { p.lat = Number(lat); p.lon = Number(lon); }
    return p;
  }
  function setChecks(name, values) { all(name).forEach(function (i) { i.checked = values.indexOf(i.value) >= 0; }); }
  function setValue(name, v) { var el = form.querySelector("[name=" + name + "]"); if (el) { el.value = v === null || v === undefined ? "" : v; } }
  function fillFrom(p) {
    setValue("started_at", p.started_at ? localValue(new Date(p.started_at)) : "");
    setValue("ended_at", p.ended_at ? localValue(new Date(p.ended_at)) : "");
    setChecks("origin", [p.origin]);
    ["agents"].forEach(function (n) { setChecks(n, (p.agent_ids || []).map(String)); });
    setChecks("activities", p.activities || []);
    setChecks("material", p.situations || []); setChecks("behaviour", p.situations || []);
    setChecks("actions", p.actions || []);
    setChecks("result", [p.result]); setChecks("climate", [p.climate]);
    ["adults", "young_people", "minors", "narrative", "other_place_kind", "other_place_label"].forEach(function (n) { setValue(n, p[n]); });
    form.querySelector("[name=sensitive]").checked = !!p.sensitive;
    setEntrance(p.entrance_code || "");
  }
  function setEntrance(code) {
    codeInput.value = code;
    var e = byCode(code);
    if (e) { choose(e); } else { chosen.textContent = code; chosen.hidden = !code; }
  }

  /* The checks the server makes that the phone can make too (the rest waits for the server). */
  function problems(p) {
    var found = [];
    if (!p.entrance_code && !p.other_place_kind) { found.push(L.labelPlace); }
    if (p.entrance_code && local && !byCode(p.entrance_code)) { found.push(L.labelUnknownEntrance); }
    if (!p.started_at) { found.push(L.labelArrival); }
    if (p.started_at && p.ended_at && new Date(p.ended_at) < new Date(p.started_at)) { found.push(L.labelDeparture); }
    [p.adults, p.young_people, p.minors].forEach(function (n) {
      if (!(n >= 0 && n <= 999) || Math.floor(n) !== n) { found.push(L.labelCounts); }
    });
    if (p.narrative.length > 10000 || p.other_place_label.length > 255) { found.push(L.labelTooLong); }
    return found.filter(function (m, i) { return found.indexOf(m) === i; });
  }
  function showErrors(list) {
    errorsBox.textContent = list.join(" ");
    errorsBox.hidden = !list.length;
    if (list.length) { errorsBox.scrollIntoView({ block: "center" }); }
  }
  function say(text) { status.textContent = text; status.hidden = !text; }
  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() :
      String(Date.now()) + "-" + Math.random().toString(16).slice(2);
  }

  // --- What this page records: a new entry, a pending one to complete, or a draft ------------
  var draft = params.get("brouillon") ? V.outbox.find(params.get("brouillon")) : null;
  var target = {
    key: draft ? draft.id : newKey(),
    intervention: draft ? draft.intervention : params.get("intervention"),
    version: draft ? draft.version : params.get("version"),
    label: draft ? draft.label : params.get("libelle") || ""
  };
  form.querySelector("[name=idempotency_key]").value = target.key;
  if (draft) {
    fillFrom(draft.payload);
    if (draft.state === "refused") { showErrors([L.labelRefused + " " + draft.message, L.labelCorrecting]); }
  } else {
    // The page may come from the phone's cache: its arrival time is now, not when it was kept.
    setValue("started_at", localValue(new Date()));
    if (params.get("origine")) { setChecks("origin", [params.get("origine")]); }
    if (params.get("texte")) { setValue("narrative", params.get("texte")); }
    if (params.get("autre")) { setValue("other_place_kind", params.get("autre")); }
    if (params.get("entree")) { setEntrance(params.get("entree")); }
  }
  if (target.label) {
    sourceBox.textContent = (target.intervention ? L.labelCall + " : " : "") + target.label;
    sourceBox.hidden = false;
  }
  var onSite = params.get("arrivee");
  if (!draft && onSite && /^\/api\/v1\/schemes\/[\w-]+\/calls\/\d+\/on-site$/.test(onSite)) {
    // Opening a dispatched call puts the team on site (once: the server answers a repeat as is).
    V.outbox.put({
      id: "on-site:" + onSite, kind: "on_site", url: onSite, method: "POST", state: "waiting",
      payload: { at: new Date().toISOString() }, label: target.label, outbox: L.outbox, at: Date.now()
    });
    V.outbox.flush();
  }

  V.entrances(L.scheme).then(function (index) {
    if (index && index.length) {
      local = index;
      search.setAttribute("title", L.labelSearchingOffline);
      if (codeInput.value && !draft) { setEntrance(codeInput.value); }
      if (draft) { setEntrance(draft.payload.entrance_code || ""); }
    }
    // Usable: the form is filled and the search answers (bench/run_phone.py times this mark).
    form.dataset.ready = String(Math.round(performance.now()));
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    showErrors([]); say("");
    var p = payload(), found = problems(p);
    if (found.length) { showErrors(found); return; }
    var item = {
      id: target.key, kind: target.intervention ? "update" : "create", state: "waiting",
      url: target.intervention ? L.api + "/" + target.intervention : L.api,
      method: target.intervention ? "PUT" : "POST",
      intervention: target.intervention, version: target.version, label: target.label,
      payload: p, outbox: L.outbox, at: Date.now(),
      place: chosen.hidden ? p.other_place_label || p.other_place_kind : chosen.textContent
    };
    if (target.intervention) { item.payload.version = Number(target.version); }
    V.outbox.put(item);
    var button = form.querySelector("[type=submit]"); button.disabled = true;
    V.outbox.flush().then(function (outcomes) {
      button.disabled = false;
      var outcome = outcomes[item.id];
      if (outcome && outcome.state === "sent" && outcome.body && outcome.body.id) {
        window.location.href = L.logbook + outcome.body.id + "/";
      } else if (outcome && outcome.state === "refused") {
        // Kept on the phone, marked: the agent corrects it here and saves again.
        showErrors([L.labelRefused + " " + outcome.message, L.labelCorrecting]);
      } else if (outcome && outcome.state === "conflict") {
        window.location.href = L.outbox;
      } else {
        // No network (or no answer): the entry waits on the phone; the form is free again.
        say(L.labelKept);
        form.reset(); codeInput.value = ""; chosen.hidden = true; sourceBox.hidden = true;
        target = { key: newKey(), intervention: null, version: null, label: "" };
        form.querySelector("[name=idempotency_key]").value = target.key;
        setValue("started_at", localValue(new Date()));
        if (params.toString()) { history.replaceState(null, "", location.pathname); }
        window.scrollTo(0, 0);
      }
    });
  });
})();
