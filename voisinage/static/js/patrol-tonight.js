/* One tap per entrance. The idempotency key is made on the phone and kept (with the time of the
   tap) until the server confirms, so a double tap, a retry or a reload never records twice. */
(function () {
  var list = document.getElementById("stops");
  if (!list || !window.fetch) { return; }
  var labels = list.dataset;
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "k" + Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function remembered(id) {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem("voisinage-passage-" + id) || "null"); } catch (e) { stored = null; }
    if (!stored) {
      stored = { key: newKey(), at: new Date().toISOString() };
      try { localStorage.setItem("voisinage-passage-" + id, JSON.stringify(stored)); } catch (e) { /* private mode: key lives in memory */ }
    }
    return stored;
  }
  function forget(id) { try { localStorage.removeItem("voisinage-passage-" + id); } catch (e) { /* ignore */ } }
  function count() {
    var done = list.querySelectorAll("li.done").length, total = Number(document.querySelector("[data-total]").textContent);
    document.querySelector("[data-done]").textContent = String(done);
    document.querySelector("[data-bar]").className = "w-" + (total ? Math.round(100 * done / total) : 0);
  }
  function markDone(form, label) {
    var mark = document.createElement("span");
    mark.className = "done-mark";
    mark.setAttribute("data-testid", "done-" + form.dataset.code);
    mark.textContent = "✓ " + label;
    form.closest("li").classList.add("done");
    form.replaceWith(mark);
    count();
  }
  var pending = {};
  function send(form) {
    var id = form.dataset.passage, stored = remembered(id), button = form.querySelector("button");
    var error = form.querySelector(".row-error");
    if (form.dataset.sending === "1") { return; }
    form.dataset.sending = "1"; button.disabled = true; button.textContent = labels.labelSending; error.hidden = true;
    var data = new FormData(form); data.set("key", stored.key); data.set("at", stored.at);
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "Accept": "application/json", "Idempotency-Key": stored.key } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        form.dataset.sending = "0";
        delete pending[id];
        if (result.ok) { forget(id); markDone(form, result.body.done_at_label); return; }
        forget(id);  // refused: nothing was recorded, a new tap starts afresh
        button.disabled = false; button.textContent = labels.labelPassage;
        error.textContent = result.body.detail || ""; error.hidden = false;
      })
      .catch(function () {
        // No network: keep the key and the time of the tap, and try again.
        form.dataset.sending = "0"; button.disabled = false; button.textContent = labels.labelRetry;
        pending[id] = form;
      });
  }
  list.querySelectorAll("form[data-passage]").forEach(function (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); send(form); });
    // A tap left unconfirmed (page closed or reloaded while offline) is resent with its key.
    try { if (localStorage.getItem("voisinage-passage-" + form.dataset.passage)) { pending[form.dataset.passage] = form; } } catch (e) { /* ignore */ }
  });
  function retry() { Object.keys(pending).forEach(function (id) { if (document.body.contains(pending[id])) { send(pending[id]); } }); }
  window.addEventListener("online", retry);
  setInterval(function () { if (navigator.onLine !== false) { retry(); } }, 15000);
  retry();
})();
