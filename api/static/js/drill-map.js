// The drill's map at one moment: incidents coloured by the share of their needs met, teams
// as lines from their base to where they are (out: dashed toward the scene; on scene: solid;
// going home: dotted back), road cuts as circles. Pure drawing from the drill's replay data
// (times in minutes from the start); `state(run, minute)` is the same as numbers for tests
// and for the list under the map.
//
//   const m = await initDrillMap(el);   m.show(run, 120);
import { t, lang } from "./i18n.js";
import { loadLeaflet } from "./leaflet.js";

// Share of needs met -> colour (red: none yet, green: all).
export function coverageColour(share) {
  if (share >= 0.999) return "#1e8449";
  if (share >= 0.66) return "#7dbb42";
  if (share >= 0.33) return "#f0a202";
  return "#c0392b";
}

const lerp = (a, b, f) => a + (b - a) * Math.max(0, Math.min(1, f));

/** Where each incident and team is at `minute` in one strategy's run (plain numbers). */
export function state(run, minute) {
  const incidents = run.incidents
    .filter((i) => i.opened <= minute && (i.closed == null || i.closed > minute))
    .map((i) => {
      const needs = run.needs.filter((n) => n.incident === i.id && n.arisen <= minute);
      const met = needs.filter((n) => n.firstArrival != null && n.firstArrival <= minute);
      const weight = needs.reduce((s, n) => s + n.weight, 0);
      const share = weight ? met.reduce((s, n) => s + n.weight, 0) / weight : 0;
      const levels = (i.levels || []).filter(([at]) => at <= minute);
      return { ...i, level: levels.length ? levels[levels.length - 1][1] : i.level,
        needs: needs.length, met: met.length, share };
    });
  const teams = [];
  for (const s of run.sorties) {
    if (s.dispatched > minute || (s.home != null && s.home <= minute)) continue;
    const base = [s.baseLat, s.baseLon];
    const scene = [s.sceneLat, s.sceneLon];
    let phase;
    let at;
    if (minute < s.arrives) {
      phase = "out";
      const moving = s.dispatched + s.readiness;
      const f = minute <= moving ? 0 : (minute - moving) / Math.max(1, s.arrives - moving);
      at = [lerp(base[0], scene[0], f), lerp(base[1], scene[1], f)];
    } else if (s.leaves == null || minute < s.leaves) {
      phase = "onScene";
      at = scene;
    } else {
      phase = "back";
      const f = (minute - s.leaves) / Math.max(1, (s.home ?? s.leaves + 1) - s.leaves);
      at = [lerp(scene[0], base[0], f), lerp(scene[1], base[1], f)];
    }
    teams.push({ team: s.team, nameZh: s.nameZh, nameEn: s.nameEn, incident: s.incident, phase, base, at });
  }
  return { incidents, teams };
}

export async function initDrillMap(el) {
  const L = await loadLeaflet();
  const map = L.map(el, { zoomControl: true, attributionControl: false, preferCanvas: false });
  map.setView([30.0, 103.5], 6);
  try {
    const { addBasemap } = await import("./basemap.js");
    await addBasemap(map, {});
  } catch { /* no basemap built: lines and markers on a plain background */ }
  const layer = L.layerGroup().addTo(map);
  let fitted = null;

  function show(run, minute, cuts = []) {
    layer.clearLayers();
    const now = state(run, minute);
    for (const c of cuts) {
      if (c.at > minute || (c.until != null && c.until <= minute)) continue;
      L.circle([c.latitude, c.longitude], { radius: c.radiusKm * 1000, color: "#6c3483",
        weight: 1.5, dashArray: "6 4", fillOpacity: 0.06, interactive: false }).addTo(layer);
    }
    for (const tm of now.teams) {
      const style = { out: { dashArray: "6 6", color: "#2471a3" }, onScene: { color: "#1a5276" },
        back: { dashArray: "2 6", color: "#7f8c8d" } }[tm.phase];
      L.polyline([tm.base, tm.at], { weight: 2, opacity: 0.8, interactive: false, ...style })
        .addTo(layer).getElement?.()?.setAttribute("data-phase", tm.phase);
      const dot = L.circleMarker(tm.at, { radius: 4, color: style.color, weight: 1, fillOpacity: 1 });
      dot.bindTooltip(lang() === "en" ? tm.nameEn : tm.nameZh);
      dot.addTo(layer);
      dot.getElement()?.setAttribute("data-team-id", tm.team);
      dot.getElement()?.setAttribute("data-phase", tm.phase);
    }
    for (const i of now.incidents) {
      const name = lang() === "en" ? i.nameEn : i.nameZh;
      const m = L.circleMarker([i.latitude, i.longitude], { radius: 11, color: "#222", weight: 2,
        fillColor: coverageColour(i.share), fillOpacity: 0.9 });
      m.bindTooltip(t("drill.incidentTip", { name, level: i.level, met: i.met, total: i.needs }),
        { permanent: false });
      m.addTo(layer);
      m.getElement()?.setAttribute("data-incident-id", i.id);
      m.getElement()?.setAttribute("data-share", i.share.toFixed(3));
    }
    if (fitted !== run) {
      fitted = run;
      const pts = [...run.incidents.map((i) => [i.latitude, i.longitude]),
        ...run.sorties.map((s) => [s.baseLat, s.baseLon])];
      if (pts.length) map.fitBounds(L.latLngBounds(pts).pad(0.15), { maxZoom: 9 });
    }
    return now;
  }
  return { show, invalidate: () => map.invalidateSize() };
}
