/* Map of entrances fed by the API's GeoJSON. No tiles when the setting is empty (tests). */
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 6);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var colours = ["#1f4e8c", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490"];
  var byLandlord = {};
  fetch(el.dataset.geojson, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var name = feature.properties.landlord;
          if (!(name in byLandlord)) { byLandlord[name] = colours[Object.keys(byLandlord).length % colours.length]; }
          return L.circleMarker(latlng, { radius: 5, weight: 1, color: "#fff", fillColor: byLandlord[name], fillOpacity: 0.9 });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties, div = document.createElement("div");
          var strong = document.createElement("strong"); strong.textContent = p.code; div.appendChild(strong);
          div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p.address));
          div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p.landlord + " · " + p.neighbourhood + " · " + p.dwellings + " lgt"));
          marker.bindPopup(div);
        }
      }).addTo(map);
      el.dataset.count = String(data.features.length);
      if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20] }); }
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var box = L.DomUtil.create("div", "card"); box.style.padding = "6px 10px"; box.style.margin = "0";
        Object.keys(byLandlord).forEach(function (name) {
          var row = document.createElement("div"), dot = document.createElement("span");
          dot.style.cssText = "display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;background:" + byLandlord[name];
          row.appendChild(dot); row.appendChild(document.createTextNode(name)); box.appendChild(row);
        });
        return box;
      };
      legend.addTo(map);
      el.dataset.loaded = "true";
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
