// The map: the offline basemap built by `make basemap` (basemap.js; online tiles under its
// boundaries only when the server is configured with EMKG_TILE_URL), the incident, the teams
// with their straight routes labelled by ETA, and the regions the applicable plans cover.
//
// Map shapes are out of the Tab order (region outlines and every marker would be Tab
// stops); the teams drawn are mirrored by a list of buttons under the map instead.
import { t, nameOf } from "./i18n.js";
import { textNode } from "./html.js";
import { loadLeaflet } from "./leaflet.js";

const L = await loadLeaflet();
const { addBasemap } = await import("./basemap.js");  // after Leaflet: it reads window.L

const CENTER = [30.6, 103.5];
// The demo's province: the first view and the region picker's prefectures.
const HOME_PROVINCE = "510000";
const HOME_BOUNDS = [[26.0, 97.3], [34.4, 108.6]];
let map;
let basemap = null;
let incident;
const teamLayer = L.layerGroup();
const planLayer = L.layerGroup();
let onPick = () => {};
let regions = [];
// Markers grow with the root font size, so they stay visible on a wall display.
const scale = () => parseFloat(getComputedStyle(document.documentElement).fontSize) / 15;

export function regionList() { return regions; }

/** initMap(el, {tileUrl, onPick(lat, lon)}) */
export async function initMap(el, { tileUrl = null, pick } = {}) {
  const started = performance.now();
  onPick = pick || onPick;
  map = L.map(el, { center: CENTER, zoom: 6, minZoom: 4, maxZoom: 14, attributionControl: true, zoomControl: false });
  L.control.zoom({ zoomInTitle: t("map.zoomIn"), zoomOutTitle: t("map.zoomOut") }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 18, attribution: t("map.tilesAttribution") }).addTo(map);
  }
  // Not animated: a zoom animation still running would end by undoing a view set meanwhile
  // (a report read at once puts the map on its place).
  map.fitBounds(HOME_BOUNDS, { padding: [10, 10], animate: false });
  let note = "map.basemapSources";
  try {
    basemap = await addBasemap(map, { tileUrl });
    // First paint (national layers and labels), then the view's prefectures: printed by the
    // browser test, after the frame that shows them.
    requestAnimationFrame(() => { el.dataset.basemapPaintMs = String(Math.round(performance.now() - started)); });
    regions = basemap.regions().filter((r) => r[1] === "city" && r[0].startsWith(HOME_PROVINCE.slice(0, 2)))
      .map(([id, , nameZh, nameEn, lon, lat]) => ({ id, nameZh, nameEn, lon, lat }));
    await basemap.ready();
  } catch (e) {
    console.warn("basemap:", e.message);
    note = "map.basemapMissing";
  }
  if (tileUrl) note = "map.tilesAttribution";
  map.attributionControl.addAttribution(`<span id="basemap-attribution" data-key="${note}">${t(note)}</span>`);
  planLayer.addTo(map);
  teamLayer.addTo(map);
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "map-legend");
    div.id = "map-legend";
    div.innerHTML = legendHtml();
    return div;
  };
  legend.addTo(map);
  map.on("click", (e) => onPick(e.latlng.lat, e.latlng.lng));
  requestAnimationFrame(() => { el.dataset.basemapViewMs = String(Math.round(performance.now() - started)); });
  return map;
}

function legendHtml() {
  const plans = planLayer.getLayers().length
    ? `<span><span class="dot plan-area"></span>${t("map.planRegions")}</span>` : "";
  return `<span class="map-legend-keys"><span><span class="dot ring"></span>${t("map.incident")}</span>
    <span><span class="dot" style="background:#1b7f3b"></span>${t("map.package")}</span>
    <span><span class="dot" style="background:#8a96a3"></span>${t("map.candidate")}</span>${plans}</span>
    <span class="map-estimate" data-testid="travel-estimate">${t("map.travelEstimate")}</span>`;
}

function relabelZoom() {
  for (const [cls, key] of [["leaflet-control-zoom-in", "map.zoomIn"], ["leaflet-control-zoom-out", "map.zoomOut"]]) {
    const a = map?.getContainer().querySelector(`.${cls}`);
    if (a) { a.title = t(key); a.setAttribute("aria-label", t(key)); }
  }
}

export function relabel() {
  relabelZoom();
  drawList();
  const el = document.getElementById("basemap-attribution");
  if (el) el.textContent = t(el.dataset.key);
  basemap?.relabel();
  drawEtas();
  const legend = document.getElementById("map-legend");
  if (legend) legend.innerHTML = legendHtml();
  if (incident) incident.setTooltipContent(textNode(incidentLabel()));
}

let incidentPlace = null;
const incidentLabel = () => (incidentPlace ? t("map.incidentAt", { place: nameOf(incidentPlace) }) : t("map.incident"));

/** setIncident(lat, lon, {pan, place}): place (a region read from a report) is named beside
 * the marker, and the map zooms in to it. */
export function setIncident(lat, lon, { pan = false, place = null } = {}) {
  if (!map) return;
  if (incident) incident.remove();
  // A Leaflet permanent tooltip can outlive its removed marker in the pane (seen after a
  // re-render during a zoom): the scene must carry one place label, not two.
  map.getPane("tooltipPane")?.querySelectorAll(".place-label").forEach((el) => el.remove());
  incidentPlace = place;
  // A ring, not a disc, so the teams close to the incident stay visible.
  incident = L.circleMarker([lat, lon], { radius: 12 * scale(), color: "#b3261e", weight: 4, fill: true, fillColor: "#b3261e", fillOpacity: 0.15 })
    .bindTooltip(textNode(incidentLabel()), { permanent: Boolean(place), direction: "right", className: "place-label" })
    .addTo(map);
  incident.getElement()?.setAttribute("data-testid", "incident-marker");
  incident.getElement()?.setAttribute("tabindex", "-1");
  // Without animation: a zoom still running (the view just shown) would drop an animated one.
  if (place && pan) map.setView([lat, lon], Math.max(map.getZoom(), 8), { animate: false });
  else if (pan) map.panTo([lat, lon]);
}

/**
 * showTeams(rec, selectedId, onSelect): package teams in red-brown with a line to the
 * incident, other candidates in grey; every marker carries data-team-id for tests.
 */
export function showTeams(rec, location, selectedId, onSelect) {
  teamLayer.clearLayers();
  shown = { rec, selectedId, onSelect };
  routes = [];
  showPlanRegions(planRegionIds(rec));
  const inPackage = new Set(rec.forcePackage.map((r) => r.team.id));
  // Zoom to the incident and the package; candidates show around it at that zoom.
  const bounds = [[location.latitude, location.longitude]];
  const draw = (r, chosen) => {
    const { latitude, longitude } = r.team.location;
    if (chosen) bounds.push([latitude, longitude]);
    if (chosen) {
      L.polyline([[location.latitude, location.longitude], [latitude, longitude]],
        { color: "#1b7f3b", weight: 2, dashArray: "4 4", interactive: false }).addTo(teamLayer);
      routes.push({ at: [(location.latitude + latitude) / 2, (location.longitude + longitude) / 2],
        eta: r.etaMinutes, teamId: r.team.id });
    }
    const selected = r.team.id === selectedId;
    const m = L.circleMarker([latitude, longitude], {
      radius: (chosen ? (selected ? 10 : 8) : 5) * scale(),
      color: selected ? "#0b57d0" : "#fff", weight: selected ? 3 : 1.5,
      fillColor: chosen ? "#1b7f3b" : "#8a96a3", fillOpacity: chosen ? 0.95 : 0.75,
    }).bindTooltip(textNode(`${nameOf(r.team)} · ${Math.round(r.etaMinutes)} ${t("unit.min")}`), { direction: "top" })
      .on("click", () => onSelect(r.team.id))
      .addTo(teamLayer);
    const el = m.getElement();
    if (el) {
      el.setAttribute("data-team-id", r.team.id);
      el.setAttribute("data-role", chosen ? "package" : "candidate");
      el.setAttribute("tabindex", "-1");
    }
  };
  rec.candidates.filter((r) => !inPackage.has(r.team.id)).forEach((r) => draw(r, false));
  rec.forcePackage.forEach((r) => draw(r, true));
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [50, 50], maxZoom: 12 });
  else map.setView(bounds[0], 9);
  drawEtas();
  drawList();
}

// Each route (a straight line: there is no road network) carries its ETA at its middle.
let routes = [];
const etaLayer = L.layerGroup();
function drawEtas() {
  if (!map) return;
  etaLayer.clearLayers().addTo(map);
  for (const { at, eta, teamId } of routes) {
    const html = document.createElement("span");
    html.textContent = `≈${Math.round(eta)} ${t("unit.min")}`;
    L.marker(at, { interactive: false, keyboard: false,
      icon: L.divIcon({ className: "route-eta", html, iconSize: null }) })
      .addTo(etaLayer).getElement()?.setAttribute("data-route-team", teamId);
  }
}

/** The regions the applicable plans are bound to (PLAN_REGION reasons), as codes. */
export function planRegionIds(rec) {
  const ids = new Set();
  for (const p of rec?.plans || []) {
    for (const r of p.reasonDetails || []) {
      if (r.code !== "PLAN_REGION") continue;
      const id = (r.params || []).find((x) => x.name === "regionId");
      if (id?.text || id?.value) ids.add(id.text || id.value);
    }
  }
  return [...ids].sort();
}

let planShown = "";
/** Outline and tint the regions the plans in the results cover. */
export async function showPlanRegions(ids) {
  const key = ids.join(",");
  if (!map || !basemap || key === planShown) return;
  planShown = key;
  const shapes = (await Promise.all(ids.map((id) => basemap.regionShape(id).catch(() => null)))).filter(Boolean);
  if (planShown !== key) return;  // a newer result meanwhile
  planLayer.clearLayers();
  for (const f of shapes) {
    L.geoJSON(f, { interactive: false, style: { color: "#c2410c", weight: 2.5, dashArray: "8 4",
      fillColor: "#f59e0b", fillOpacity: 0.1 } }).addTo(planLayer)
      .eachLayer((l) => l.getElement?.()?.setAttribute("data-plan-region", f.properties.id));
  }
  const legend = document.getElementById("map-legend");
  if (legend) legend.innerHTML = legendHtml();
}

// The teams on the map as a list of buttons (package first): the keyboard's way to the map.
let shown = null;
function drawList() {
  const box = document.getElementById("map-list");
  if (!box || !shown) return;
  const { rec, selectedId, onSelect } = shown;
  const inPackage = new Set(rec.forcePackage.map((r) => r.team.id));
  const rows = [...rec.forcePackage, ...rec.candidates.filter((r) => !inPackage.has(r.team.id))];
  box.querySelector("summary").textContent = t("map.list", { n: rows.length });
  box.querySelector("ul").replaceChildren(...rows.map((r) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.teamId = r.team.id;
    b.setAttribute("aria-pressed", String(r.team.id === selectedId));
    b.textContent = `${nameOf(r.team)} · ${t(inPackage.has(r.team.id) ? "map.package" : "map.candidate")} · ` +
      `${Math.round(r.etaMinutes)} ${t("unit.min")}`;
    b.addEventListener("click", () => onSelect(r.team.id, { focus: true }));
    li.append(b);
    return li;
  }));
  box.hidden = false;
}

export function invalidate() { if (map) map.invalidateSize(); }
