/* Dashboard charts (Chart.js) and map (Leaflet) from the data in the page; every chart has the
   same figures in the table beside it, so nothing here is needed to read the dashboard. */
(function () {
  var data = document.getElementById("charts-data");
  if (data && window.Chart) {
    var charts = JSON.parse(data.textContent);
    charts.forEach(function (c) {
      var canvas = document.getElementById("chart-" + c.key);
      if (!canvas) { return; }
      new Chart(canvas, {
        type: c.kind === "line" ? "line" : "bar",
        data: { labels: c.labels, datasets: [{ label: c.title, data: c.values, backgroundColor: "#b3261e", borderColor: "#b3261e", tension: 0.2 }] },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          indexAxis: c.kind === "line" || c.key === "time_band" ? "x" : "y",
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { autoSkip: true } } },
          locale: "fr-FR"
        }
      });
      canvas.dataset.drawn = "true";
    });
  }
  var el = document.getElementById("analytics-map");
  var points = document.getElementById("points-data");
  if (el && points && window.L) {
    var map = L.map(el, { scrollWheelZoom: false }).setView([46.6, 2.4], 6);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var rows = JSON.parse(points.textContent), max = 1, layer = L.featureGroup();
    rows.forEach(function (p) { if (p[2] > max) { max = p[2]; } });
    rows.forEach(function (p) {
      var marker = L.circleMarker([p[0], p[1]], { radius: 4 + 14 * Math.sqrt(p[2] / max), weight: 1, color: "#fff", fillColor: "#b3261e", fillOpacity: 0.8 });
      var div = document.createElement("div");
      var strong = document.createElement("strong"); strong.textContent = p[3]; div.appendChild(strong);
      div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p[4]));
      div.appendChild(document.createElement("br")); div.appendChild(document.createTextNode(p[2] + " " + el.dataset.unit));
      marker.bindPopup(div); layer.addLayer(marker);
    });
    layer.addTo(map);
    if (rows.length) { map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 17 }); }
    el.dataset.count = String(rows.length);
    el.dataset.loaded = "true";
  }
})();
