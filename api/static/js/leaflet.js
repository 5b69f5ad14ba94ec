// Leaflet's minified dist build (a classic script that sets window.L), loaded once by the
// first view that draws a map (commander, readiness, drills): the sign-in page never fetches
// it. Its styles go first in the head, so the app's own rules (touch-size zoom buttons) win.
//
//   const L = await loadLeaflet();
export function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("../vendor/leaflet/leaflet.css", import.meta.url).href;
  document.head.insertBefore(css, document.head.querySelector("link[rel=stylesheet]"));
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("../vendor/leaflet/leaflet.js", import.meta.url).href;
    script.onload = () => resolve(window.L);
    script.onerror = () => reject(new Error("the map library (vendor/leaflet/leaflet.js) did not load"));
    document.head.append(script);
  });
}
