/* The entries waiting on this phone (docs/field.md, "Offline"): each with its state — waiting,
 * refused with the server's message (correct it, or delete it), or changed by someone else
 * meanwhile (both versions side by side: keep mine, or keep the one saved on the server).
 * Nothing leaves the list except by the server's acceptance or the agent's explicit delete. */
(function () {
  "use strict";
  var box = document.getElementById("outbox-list");
  var V = window.Voisinage;
  if (!box || !V) { return; }
  var L = box.dataset;
  var codeLabels = {};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function when(iso) {
    if (!iso) { return ""; }
    return new Date(iso).toLocaleString("fr-FR", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  }
  function labelled(codes) { return (codes || []).map(function (c) { return codeLabels[c] || c; }).join(", "); }
  /* The fields an agent compares, from an outbox payload or from the server's record. */
  function mineRows(p, place) {
    return [
      [L.labelArrival, when(p.started_at)], [L.labelDeparture, when(p.ended_at)],
      [L.labelPlace, place || p.entrance_code || p.other_place_label],
      [L.labelSituations, labelled(p.situations)], [L.labelActions, labelled(p.actions)],
      [L.labelResult, codeLabels[p.result] || p.result], [L.labelClimate, codeLabels[p.climate] || p.climate],
      [L.labelNarrative, p.narrative]
    ];
  }
  function theirRows(c) {
    var names = function (list) { return (list || []).map(function (x) { return x.label; }).join(", "); };
    return [
      [L.labelArrival, when(c.started_at)], [L.labelDeparture, when(c.ended_at)],
      [L.labelPlace, c.entrance ? c.entrance.code + " — " + c.entrance.address + (c.landlord ? " (" + c.landlord.name + ")" : "") : c.other_place_label],
      [L.labelSituations, names(c.situations)], [L.labelActions, names(c.actions)],
      [L.labelResult, codeLabels[c.result] || c.result], [L.labelClimate, codeLabels[c.climate] || c.climate],
      [L.labelNarrative, c.narrative || ""]
    ];
  }
  function comparison(item) {
    var table = el("table", "compare"), head = el("tr");
    [" ", L.labelMine, L.labelTheirs].forEach(function (t) { head.appendChild(el("th", "", t)); });
    table.appendChild(head);
    var mine = mineRows(item.payload, item.place), theirs = theirRows(item.current || {});
    mine.forEach(function (row, i) {
      var tr = el("tr", row[1] !== theirs[i][1] ? "differs" : "");
      tr.appendChild(el("th", "", row[0])); tr.appendChild(el("td", "", row[1])); tr.appendChild(el("td", "", theirs[i][1]));
      table.appendChild(tr);
    });
    return table;
  }
  function button(text, cls, action) {
    var b = el("button", cls, text); b.type = "button"; b.addEventListener("click", action); return b;
  }
  function title(item) {
    if (item.kind === "on_site") { return L.labelOnSite + (item.label ? " — " + item.label : ""); }
    var what = item.kind === "update" ? L.labelComplete : L.labelRecord;
    return what + " — " + (item.place || item.payload.entrance_code || item.payload.other_place_label || "") +
      " — " + when(item.payload.started_at);
  }
  function render() {
    var items = V.outbox.all();
    box.innerHTML = "";
    if (!items.length) { box.appendChild(el("p", "card", L.labelEmpty)); return; }
    var list = el("ul", "outbox-items");
    items.forEach(function (item) {
      var li = el("li", "card outbox-item " + item.state);
      li.setAttribute("data-testid", "outbox-item");
      li.appendChild(el("strong", "", title(item)));
      var state = { waiting: L.labelWaiting, refused: L.labelRefused, conflict: L.labelConflict }[item.state];
      li.appendChild(el("p", "badge " + item.state, state));
      if (item.message && item.state !== "conflict") { li.appendChild(el("p", "outbox-message", item.message)); }
      if (item.state === "conflict") { li.appendChild(comparison(item)); }
      var actions = el("div", "actions");
      if (item.state === "conflict") {
        actions.appendChild(button(L.labelKeepMine, "", function () {
          var payload = Object.assign({}, item.payload, { version: item.current.version });
          V.outbox.update(item.id, { state: "waiting", message: "", payload: payload, version: item.current.version, current: null });
          V.outbox.flush();
        }));
        actions.appendChild(button(L.labelKeepTheirs, "secondary", function () { V.outbox.discard(item.id); }));
      } else if (item.kind !== "on_site") {
        var link = el("a", "btn" + (item.state === "refused" ? "" : " secondary"), L.labelCorrect);
        link.href = L.record + "?brouillon=" + encodeURIComponent(item.id);
        actions.appendChild(link);
      }
      if (item.state === "waiting") {
        actions.appendChild(button(L.labelSend, "secondary", function () { V.outbox.flush(); }));
      }
      if (item.state !== "conflict") {
        actions.appendChild(button(L.labelDiscard, "danger", function () {
          if (window.confirm(L.labelDiscardConfirm)) { V.outbox.discard(item.id); }
        }));
      }
      li.appendChild(actions);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  document.addEventListener("voisinage:outbox", render);
  window.addEventListener("storage", render);
  render();
  var slug = (document.getElementById("phone-app") || { dataset: {} }).dataset.scheme;
  if (slug) {
    V.codes(slug).then(function (lists) {
      if (!lists) { return; }
      // Every list of codes (a flag such as climate_rated is not one).
      Object.keys(lists).forEach(function (k) {
        if (Array.isArray(lists[k])) { lists[k].forEach(function (c) { codeLabels[c.code] = c.label; }); }
      });
      render();
    });
  }
})();
