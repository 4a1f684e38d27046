/* A report's position as a pin on a map: tap to place it, drag it to adjust, or use the phone's
   position; the hidden lat/lon fields carry it. No tiles when the setting is empty (tests).
   Without JavaScript the map is hidden and the entrance (or the place's name) is enough. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var el = document.getElementById("pin-map");
  if (!el || !window.L) { return; }
  var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
  var state = document.getElementById("pin-state");
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var marker = null;
  function write(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    state.textContent = el.dataset.placed;
    el.dataset.pinned = "true";
  }
  function place(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
    } else {
      marker = L.marker(latlng, { draggable: true }).addTo(map);
      marker.on("dragend", function () { write(marker.getLatLng()); });
    }
    write(latlng);
  }
  function clear() {
    if (marker) { map.removeLayer(marker); marker = null; }
    lat.value = ""; lon.value = "";
    state.textContent = el.dataset.empty;
    el.dataset.pinned = "false";
  }
  if (lat.value && lon.value) {
    var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    map.setView(start, 17);
    place(start);
  } else if (el.dataset.lat && el.dataset.lon) {
    map.setView([parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)], 14);
  } else {
    map.setView([46.6, 2.4], 6);
  }
  map.on("click", function (e) { place(e.latlng); });
  document.getElementById("pin-clear").addEventListener("click", clear);
  document.getElementById("pin-here").addEventListener("click", function () {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
      map.setView(here, 18);
      place(here);
    }, function () {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  });
  el.dataset.ready = "true";
})();
