// Structured reasons (a code and its parameters) in the page's language, from the one
// message catalog the server renders from too (i18n/reasons.json, read by api/messages.py).
// The server sends reasonDetails beside the rendered texts, so a language switch
// re-renders here without asking the server again.
import { lang, nameOf } from "./i18n.js";

let catalog = null;

export async function initReasons() {
  if (catalog) return;
  const res = await fetch("i18n/reasons.json");
  catalog = await res.json();
}

// The same rule as api/messages.format_number: 12 -> "12", 1.40 -> "1.4", 0.755 -> "0.76".
function formatNumber(x) {
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2)));
}

function value(p) {
  switch (p.kind) {
    case "NUMBER": return formatNumber(p.number);
    case "TERM": return catalog.terms[p.text]?.[lang()] ?? p.value;
    case "CONCEPT": return nameOf(p.concepts[0]);
    case "CONCEPTS": return p.concepts.map(nameOf).join(catalog.lists[lang()]);
    default: return p.text ?? p.value;
  }
}

/** One reason {code, params, text} as a sentence in the page's language. */
export function renderReason(r) {
  const template = catalog?.codes[r.code]?.[lang()];
  if (!template || !r.params) return r.text || r.code;  // an older server: its own text
  const params = new Map(r.params.map((p) => [p.name, p]));
  return template.replace(/\{(\w+)\}/g, (_, k) => (params.has(k) ? value(params.get(k)) : `{${k}}`));
}

/** The reasons of an item in the page's language: reasonDetails when sent, else the texts. */
export function reasonTexts(item) {
  if (Array.isArray(item.reasonDetails) && item.reasonDetails.length) return item.reasonDetails.map(renderReason);
  return item.reasons || (item.reason ? [item.reason] : []);
}
