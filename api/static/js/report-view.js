// What a read report shows: the text with the recognised spans marked (hazards, facts,
// place, negated hazards, hazards named for a drill or an anniversary, unread clauses: each its own underline or frame plus a label on
// hover and focus, never colour alone), the facts as a list and the clauses not read.
// Pure DOM building from a draft (parseScenario) and the page's language.
import { t, nameOf } from "./i18n.js";

export const SPAN_KINDS = ["hazard", "fact", "place", "negated", "possible", "occasion", "unread"];

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
};

/** The number as the plans state it: 12, 6.2 (never 12.0). */
export const formatValue = (x) => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2))));

/** One fact's value in words: 12, 6.2, "none (stated)" for negated counts, "yes" for flags. */
export function factValue(f) {
  if (f.negated) return `0 · ${t("report.none")}`;
  if (f.flag !== null && f.flag !== undefined) return f.flag ? t("report.yes") : t("report.no");
  return formatValue(f.value);
}

/** Every marked span of the draft: {start, end, kind, label}; label in the page's language. */
export function marks(draft, factLabel) {
  const out = [];
  for (const h of draft.hazards) {
    for (const s of h.evidence) out.push({ ...s, kind: "hazard", label: pair(t("report.kind.hazard"), `${nameOf(h.hazard)} (${h.hazard.id})`) });
  }
  for (const n of draft.possibleHazards || []) {
    out.push({ ...n.span, kind: "possible", label: pair(t("report.kind.possible"), `${nameOf(n.hazard)} (${n.hazard.id})`) });
  }
  for (const n of draft.occasionHazards || []) {
    out.push({ ...n.span, kind: "occasion", label: pair(t("report.kind.occasion"), `${nameOf(n.hazard)} (${n.hazard.id})`) });
  }
  for (const n of draft.negatedHazards) {
    out.push({ ...n.span, kind: "negated", label: pair(t("report.kind.negated"), `${nameOf(n.hazard)} (${n.hazard.id})`) });
  }
  draft.facts.forEach((f, i) => {
    out.push({ ...f.span, kind: "fact", label: pair(t("report.kind.fact"), pair(factLabel(i), factValue(f))) });
  });
  if (draft.place) {
    out.push({ ...draft.place.span, kind: "place", label: pair(t("report.kind.place"), placeName(draft.place)) });
  }
  for (const s of draft.unread) out.push({ ...s, kind: "unread", label: t("report.kind.unread") });
  return out;
}

/** "汶川县（阿坝藏族羌族自治州，四川省）" / "Wenchuan County (Aba ..., Sichuan)". */
export function placeName(place) {
  const parents = (place.within || []).map(nameOf).filter(Boolean);
  const name = nameOf(place.region);
  return parents.length ? `${name}${t("report.within", { parents: parents.join(t("report.sep")) })}` : name;
}

/**
 * highlighted(text, spans) -> <p> with the text cut at every span boundary; each piece that a
 * span covers is a focusable <mark> with the classes of all spans over it (a magnitude
 * "6.2级地震" holds the hazard "地震"), its labels on hover/focus and for screen readers.
 * Offsets are Unicode code points (the server's), not UTF-16 units.
 */
export function highlighted(text, spans) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const s of spans) { cuts.add(Math.max(0, Math.min(s.start, chars.length))); cuts.add(Math.max(0, Math.min(s.end, chars.length))); }
  const points = [...cuts].sort((a, b) => a - b);
  const p = el("p", { class: "report-text", "data-testid": "report-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const over = spans.filter((s) => s.start <= a && s.end >= b && s.end > s.start);
    if (!over.length) { p.append(piece); continue; }
    const kinds = [...new Set(over.map((s) => s.kind))];
    const label = over.map((s) => s.label).join(" · ");
    const mark = el("mark", { class: kinds.map((k) => `span-${k}`).join(" "), "data-kinds": kinds.join(" "),
      "data-label": label, title: label, tabindex: "0" }, piece);
    mark.append(el("span", { class: "visually-hidden" }, ` (${label})`));
    p.append(mark);
  }
  return p;
}

/** "被困：12" / "trapped: 12" */
export const pair = (k, v) => t("report.pair", { k, v });

/** The legend: each style present in the text, shown on its own name. */
export function legend(spans) {
  const present = new Set(spans.map((s) => s.kind));
  return el("p", { class: "report-legend", "aria-label": t("report.legend") },
    ...SPAN_KINDS.filter((k) => present.has(k)).map((k) => el("mark", { class: `span-${k}` }, t(`report.kind.${k}`))));
}

/** The facts as a list: label, value, and the words they were read from. */
export function factList(draft, factLabel) {
  if (!draft.facts.length) return el("p", { class: "empty" }, t("report.noFacts"));
  return el("ul", { class: "facts", "data-testid": "report-facts" }, ...draft.facts.map((f, i) => el("li",
    { "data-fact": f.kind.toLowerCase(), "data-negated": String(f.negated) },
    el("strong", {}, factLabel(i)), t("report.pairSep"), factValue(f), " ", el("q", {}, f.span.text))));
}

/** Hazards the report denies ("未发生火灾", "no fire"): shown, never used. */
export function negatedList(draft) {
  if (!draft.negatedHazards.length) return null;
  return el("ul", { class: "negated", "data-testid": "report-negated" }, ...draft.negatedHazards.map((n) =>
    el("li", { "data-hazard": n.hazard.id }, el("s", {}, nameOf(n.hazard)), " ", el("q", {}, n.span.text))));
}

/** Hazards the report says may follow: each a button that adds it to the hazard types. */
export function possibleList(draft) {
  if (!draft.possibleHazards?.length) return null;
  return el("div", { class: "suggestions possible", "data-testid": "report-possible" }, ...draft.possibleHazards.map((n) =>
    el("button", { type: "button", "data-suggestion": n.hazard.id, "data-hazard": n.hazard.id }, nameOf(n.hazard), " ", el("small", {}, n.hazard.id))));
}

/** Beside the read hazards, the next likeliest types ("也可能是 / Could also be"): each a
 * button that adds it to the hazard types, like the choices and the possible hazards. */
export function alternativeList(draft) {
  if (!draft.recognized || !draft.alternatives?.length) return null;
  return el("div", { class: "suggestions alternatives", role: "group", "aria-labelledby": "report-alternatives-title", "data-testid": "report-alternatives" }, ...draft.alternatives.map((c) =>
    el("button", { type: "button", "data-suggestion": c.id, "data-hazard": c.id }, nameOf(c), " ", el("small", {}, c.id))));
}

/** The clauses nothing was read from. */
export function unreadList(draft) {
  if (!draft.unread.length) return null;
  return el("ul", { class: "unread", "data-testid": "report-unread" }, ...draft.unread.map((s) => el("li", {}, s.text)));
}

export { el };
