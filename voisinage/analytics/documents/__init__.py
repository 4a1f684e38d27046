"""The documents of the analytics app: review deck (PPTX, PDF), monthly summary (PDF), the map
image they carry (docs/adr/0017-native-charts.md, docs/adr/0018-map-image-without-tiles.md)."""
