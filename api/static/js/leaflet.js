// Leaflet's minified dist build (a classic script that sets window.L), loaded once by the
// first view that draws a map (commander, readiness, drills): the sign-in page never fetches
// it. Its styles go first in the head, so the app's own rules (touch-size zoom buttons) win.
//
//   const L = await loadLeaflet();
import { loadVendored } from "./vendored.js";

export function loadLeaflet() {
  return loadVendored({
    script: "leaflet/leaflet.js",
    css: "leaflet/leaflet.css",
    global: "L",
    what: "the map library",
    before: true,
  });
}
