// A vendored library (under vendor/, no CDN) that ships as a classic script setting a
// global, loaded once by the first view that needs it: its stylesheet, then its script.
// `before` puts the stylesheet ahead of the app's own, so the app's rules win over the
// library's (Leaflet's touch-size zoom buttons); otherwise it goes last.
//
//   const L = await loadVendored({ script: "leaflet/leaflet.js", css: "leaflet/leaflet.css",
//                                  global: "L", what: "the map library", before: true });
export function loadVendored({ script, css, global, what, before = false }) {
  if (window[global]) return Promise.resolve(window[global]);
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL(`../vendor/${css}`, import.meta.url).href;
  const first = before ? document.head.querySelector("link[rel=stylesheet]") : null;
  document.head.insertBefore(link, first);
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = new URL(`../vendor/${script}`, import.meta.url).href;
    el.onload = () => resolve(window[global]);
    el.onerror = () => reject(new Error(`${what} (vendor/${script}) did not load`));
    document.head.append(el);
  });
}
