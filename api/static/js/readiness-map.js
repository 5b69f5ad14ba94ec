// The readiness map: its own Leaflet instance, one polygon per region (the boundaries come
// from the graph through readinessMatrix(withBoundaries: true)), coloured by the share of
// plan prescriptions met within the time standard. A click calls onPick(regionReadiness).
//
// Example:
//   const m = await readinessMap(el, { tileUrl: null, onPick: (r) => show(r) });
//   m.draw(matrix.regions);   m.select("510104");
import { nameOf, t } from "./i18n.js";
import { textNode } from "./html.js";
import { loadLeaflet } from "./leaflet.js";

// Share met -> colour band (also the legend): all met, most, half or more, less, none applies.
export const BANDS = [
  { min: 1, color: "#1a9850", key: "readiness.band.all" },
  { min: 0.8, color: "#a6d96a", key: "readiness.band.most" },
  { min: 0.5, color: "#fdae61", key: "readiness.band.half" },
  { min: 0, color: "#d73027", key: "readiness.band.less" },
];
export const NO_PLAN = { color: "#bdbdbd", key: "readiness.band.none" };

export function bandOf(share) {
  if (share === null || share === undefined) return NO_PLAN;
  return BANDS.find((b) => share >= b.min - 1e-9) || BANDS[BANDS.length - 1];
}

export async function readinessMap(el, { tileUrl = null, onPick = () => {} } = {}) {
  const L = await loadLeaflet();
  const map = L.map(el, { center: [30.6, 103.5], zoom: 6, minZoom: 3, maxZoom: 12, zoomControl: true });
  map.attributionControl.setPrefix("Leaflet");
  if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18, attribution: t("map.tilesAttribution") }).addTo(map);
  const layer = L.featureGroup().addTo(map);
  const byId = new Map();
  let selected = null;

  function style(r, on) {
    return { color: on ? "#000" : "#555", weight: on ? 3 : 0.6, fillColor: bandOf(r.shareMet).color, fillOpacity: 0.75 };
  }

  function select(id) {
    if (selected && byId.has(selected)) byId.get(selected).shape.setStyle(style(byId.get(selected).r, false));
    selected = id;
    const hit = byId.get(id);
    if (hit) { hit.shape.setStyle(style(hit.r, true)); hit.shape.bringToFront(); onPick(hit.r); }
  }

  function label(r) {
    const share = r.shareMet === null ? t("readiness.noPlan") : `${Math.round(r.shareMet * 100)}% (${r.met}/${r.total})`;
    return `${nameOf(r.region)} · ${share}`;
  }

  function draw(regions) {
    layer.clearLayers();
    byId.clear();
    for (const r of regions) {
      let shape;
      if (r.region.boundary) {
        shape = L.geoJSON(JSON.parse(r.region.boundary), { style: () => style(r, false) });
      } else {  // a region without a boundary: its point
        const p = r.region.location;
        shape = L.circleMarker([p.latitude, p.longitude], { radius: 8, ...style(r, false) });
      }
      shape.bindTooltip(textNode(label(r)), { sticky: true });
      shape.on("click", () => select(r.region.id));
      shape.addTo(layer);
      byId.set(r.region.id, { r, shape });
    }
    if (regions.length) map.fitBounds(layer.getBounds(), { padding: [10, 10], animate: false });
    if (selected && byId.has(selected)) select(selected);
  }

  function relabel() {
    for (const { r, shape } of byId.values()) shape.setTooltipContent(textNode(label(r)));
  }

  return { map, draw, select, relabel, invalidate: () => map.invalidateSize() };
}
