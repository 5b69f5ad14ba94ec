// Escaping text for HTML built as strings: every name, reason and message that
// came from the server or the user goes through esc() before it meets innerHTML.
const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);

// A CJK ideograph: the same ranges as ontology/text.py's CJK_RANGES (Chinese text vs other).
export const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

// Leaflet treats a string tooltip or popup as HTML: data values go in as text nodes.
export function textNode(text) {
  const span = document.createElement("span");
  span.textContent = String(text ?? "");
  return span;
}
