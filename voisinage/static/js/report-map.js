/* Map of reports fed by the API's GeoJSON (with the page's filters). No tiles when the setting
   is empty (tests). Colour: red overdue or urgent, orange open, green done, grey closed. */
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 6);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var open = { to_route: 1, sent: 1, acknowledged: 1, planned: 1 };
  function colour(p) {
    // "overdue" comes from the server: the scheme's local date, not the browser's UTC clock.
    if (open[p.status] && (p.overdue || p.urgent)) { return "#b91c1c"; }
    if (open[p.status]) { return "#c2410c"; }
    if (p.status === "done") { return "#15803d"; }
    return "#6b7280";
  }
  fetch(el.dataset.geojson, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 7, weight: 1, color: "#fff", fillColor: colour(feature.properties), fillOpacity: 0.9 });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties, div = document.createElement("div");
          var link = document.createElement("a");
          link.href = el.dataset.detail + feature.id + "/";
          link.textContent = "#" + feature.id + " " + p.category;
          div.appendChild(link);
          div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p.place));
          if (p.recipient) { div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode("→ " + p.recipient)); }
          marker.bindPopup(div);
        }
      }).addTo(map);
      el.dataset.count = String(data.features.length);
      if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
      el.dataset.loaded = "true";
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
