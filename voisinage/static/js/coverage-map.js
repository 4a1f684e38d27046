/* Coverage map: each entrance coloured by the weeks since its last patrol, from the API's GeoJSON.
   No tiles when the setting is empty (tests). The table above the map gives the same figures. */
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var stale = Number(el.dataset.weeks || "4");
  var map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 6);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  function colour(weeks) {
    if (weeks === null || weeks === undefined) { return "#5b2333"; }
    if (weeks >= stale) { return "#b3261e"; }
    if (weeks <= 0) { return "#1e7b3c"; }
    if (weeks === 1) { return "#7cb342"; }
    if (weeks === 2) { return "#f2b01e"; }
    return "#e8710a";
  }
  fetch(el.dataset.geojson, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      var counts = { fresh: 0, stale: 0 };
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var weeks = feature.properties.weeks_since;
          if (weeks === null || weeks >= stale) { counts.stale += 1; } else { counts.fresh += 1; }
          return L.circleMarker(latlng, { radius: 6, weight: 1, color: "#fff", fillColor: colour(weeks), fillOpacity: 0.95 });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties, div = document.createElement("div");
          var strong = document.createElement("strong"); strong.textContent = p.code; div.appendChild(strong);
          div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p.address));
          div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p.landlord + " · " + p.neighbourhood));
          div.appendChild(document.createElement("br"));
          var when;
          if (p.last_visit === null) { when = el.dataset.labelNever; }
          else if (p.weeks_since === 0) { when = el.dataset.labelThisWeek + " (" + p.last_visit + ")"; }
          else { when = el.dataset.labelLast + " " + p.last_visit + " — " + p.weeks_since + " " + el.dataset.labelWeeks; }
          div.appendChild(document.createTextNode(when));
          marker.bindPopup(div);
        }
      }).addTo(map);
      el.dataset.count = String(data.features.length);
      el.dataset.stale = String(counts.stale);
      if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
      el.dataset.loaded = "true";
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
