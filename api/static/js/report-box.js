// "Paste the report": the commander pastes or types what was reported (a phone log, a duty
// note, an alert's text) and presses "Read report" (or Ctrl+Enter). parseScenario reads it;
// the scenario form is filled (hazards with their evidence, the place, a suggested level)
// and the text is shown with what was read marked. Every field stays editable; the
// commander's explicit level or location is never overwritten, only offered. The report
// text is the description recommendForces reads (its facts raise the needs).
//
// Languages: the draft is asked for in the page's language, with the few texts the server
// words (fact labels, the level's grounds, the message) also in the other language in the
// same request, so a language switch re-renders without asking the server again.
import { gql } from "./api.js";
import { t, lang, nameOf, onLangChange } from "./i18n.js";
import { reasonTexts } from "./reasons.js";
import { el, highlighted, legend, marks, factList, negatedList, possibleList, alternativeList, unreadList, placeName } from "./report-view.js";

const DRAFT = `query ReadReport($text: String!, $locale: Locale!, $other: Locale!) {
  draft: parseScenario(text: $text, locale: $locale) {
    text recognized message truncated
    hazards { hazard { id name nameZh nameEn } confidence via evidence { start end text } reasons reasonDetails { code text params { name kind value text number concepts { id name nameZh nameEn } } } }
    facts { kind label value flag negated span { start end text } }
    place { region { id name nameZh nameEn } rank location { latitude longitude } span { start end text } within { id name nameZh nameEn } }
    suggestedLevel { level plan { id name nameZh nameEn } criteria { id fact value text } text }
    suggestions { id name nameZh nameEn }
    negatedHazards { hazard { id name nameZh nameEn } span { start end text } }
    possibleHazards { hazard { id name nameZh nameEn } span { start end text } }
    occasion occasionHazards { hazard { id name nameZh nameEn } span { start end text } }
    unread { start end text }
  }
  other: parseScenario(text: $text, locale: $other) { message facts { label } suggestedLevel { text } }
}`;

// Asked after the draft is shown: ranking them runs the model on the text (parse.py).
const ALTERNATIVES = `query ReportAlternatives($text: String!) {
  alt: parseScenario(text: $text) { alternatives { id name nameZh nameEn } }
}`;

const LOCALE = { zh: "ZH", en: "EN" };
const $ = (id) => document.getElementById(id);
const checkedLevel = () => document.querySelector("input[name=level]:checked")?.value;

/**
 * initReportBox({picker, locate, showError}) wires #report-read, #description (the report
 * text) and #report-result. picker: the hazard picker (add, remove); locate(place): put the
 * scenario's location at a place {region, location}. Returns {userLocated()}: the
 * commander set the location by hand (map, coordinates, region list), so a report's place
 * is offered, not applied.
 */
export function initReportBox({ picker, locate, showError }) {
  const text = $("description");
  const button = $("report-read");
  const out = $("report-result");
  const st = { draft: null, sent: "", texts: {}, fromReport: new Set(), levelChosen: false, locationChosen: false, applying: false, seq: 0 };

  document.querySelectorAll("input[name=level]").forEach((r) => r.addEventListener("change", () => {
    if (!st.applying) st.levelChosen = true;
    renderLevel(st);
  }));
  button.addEventListener("click", () => read(st, { picker, locate, showError }));
  button.disabled = false;  // disabled in the page until wired
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); read(st, { picker, locate, showError }); }
  });
  text.addEventListener("input", () => {
    if (!st.draft) return;
    out.dataset.stale = String(text.value.trim() !== st.sent);  // the draft's text joins wrapped Chinese lines
    $("report-stale").hidden = out.dataset.stale !== "true";
  });
  const showLabel = (e) => {
    const m = e.target.closest?.("mark[data-label]");
    const line = $("report-mark-label");
    if (line) line.textContent = m ? m.dataset.label : "";
  };
  out.addEventListener("focusin", showLabel);
  out.addEventListener("mouseover", showLabel);
  out.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-suggestion]");
    if (b) choose(st, picker, b.dataset.suggestion);
  });
  onLangChange(() => { if (st.draft) render(st, { picker, locate }); });
  return {
    userLocated() { st.locationChosen = true; $("place-read").hidden = true; },
  };
}

async function read(st, deps) {
  const text = $("description").value.trim();
  const summary = $("report-summary");
  if (!text) { summary.textContent = t("report.empty"); $("description").focus(); return; }
  const mine = ++st.seq;
  const button = $("report-read");
  button.disabled = true;
  $("report-result").setAttribute("aria-busy", "true");
  summary.textContent = t("report.reading");
  try {
    const here = lang();
    const other = here === "zh" ? "en" : "zh";
    const data = await gql(DRAFT, { text, locale: LOCALE[here], other: LOCALE[other] });
    if (mine !== st.seq) return;
    st.draft = { ...data.draft, alternatives: [] };
    st.sent = text;
    st.texts = { [here]: wording(data.draft), [other]: wording(data.other) };
    fill(st, deps);
    render(st, deps);
    if (data.draft.recognized) {
      const more = await gql(ALTERNATIVES, { text });
      if (mine !== st.seq) return;
      st.draft.alternatives = more.alt.alternatives;
      showAlternatives(st);
    }
  } catch (e) {
    summary.textContent = "";
    deps.showError(e);
  } finally {
    button.disabled = false;
    const out = $("report-result");
    out.setAttribute("aria-busy", "false");
    out.dataset.reads = String(Number(out.dataset.reads || 0) + 1);  // tests wait on it
  }
}

// The texts the server words for one language.
const wording = (d) => ({ message: d.message, facts: d.facts.map((f) => f.label), level: d.suggestedLevel?.text || "" });
const words = (st) => st.texts[lang()] || Object.values(st.texts)[0];

/** The scenario form from the draft: hazards (replacing the previous report's), place, level. */
function fill(st, { picker, locate }) {
  const d = st.draft;
  for (const id of st.fromReport) picker.remove(id);
  st.fromReport.clear();
  for (const h of d.hazards) {
    if (h.via.startsWith("cascade")) continue;  // the recommender adds cascades itself
    picker.add({ ...h.hazard, evidence: h.evidence.map((s) => s.text) });
    st.fromReport.add(h.hazard.id);
  }
  if (d.place?.location && !st.locationChosen) locate(d.place);
  const s = d.suggestedLevel;
  if (s && !st.levelChosen) {
    const radio = document.querySelector(`input[name=level][value="${s.level}"]`);
    if (radio) {
      radio.checked = true;
      st.applying = true;  // the form's own listeners (the level's name) follow; not a choice
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      st.applying = false;
    }
  }
}

function render(st, deps) {
  const d = st.draft;
  const w = words(st);
  const out = $("report-result");
  const factLabel = (i) => w.facts[i] ?? d.facts[i].label;
  const parts = [];
  if (!d.recognized) {
    parts.push(el("p", { class: "error", "data-testid": "report-message" }, w.message || ""));
    if (d.suggestions.length) {
      parts.push(el("p", { class: "hint" }, t("report.choose")),
        el("div", { class: "suggestions", "data-testid": "report-suggestions" }, ...d.suggestions.map((c) => {
          const b = el("button", { type: "button", "data-suggestion": c.id }, nameOf(c), " ", el("small", {}, c.id));
          return b;
        })));
    }
  } else if (w.message) {
    parts.push(el("p", { class: "hint" }, w.message));
  }
  const spans = marks(d, factLabel);
  if (spans.length) parts.push(legend(spans));
  // The label of the marked words under the pointer or the keyboard focus, in a line of its
  // own under the text (a tooltip would be clipped by the text's scroll box).
  parts.push(highlighted(d.text, spans), el("p", { class: "mark-label", id: "report-mark-label", "aria-hidden": "true" }));
  if (d.recognized) {
    // Hazards named in the text are marked there and in their chips; the others (found by
    // meaning) say how they were found.
    const unmarked = d.hazards.filter((h) => !h.evidence.length);
    if (unmarked.length) parts.push(el("h3", {}, t("report.hazards")), hazardList(unmarked));
    // Beside the read hazards: what the report could also be (filled by a second request).
    parts.push(el("div", { id: "report-alternatives-box" }));
    parts.push(el("h3", {}, t("report.facts")), factList(d, factLabel));
  }
  const possible = possibleList(d);
  if (possible) parts.push(el("h3", {}, t("report.possible")), possible);
  const neg = negatedList(d);
  if (neg) parts.push(el("h3", {}, t("report.negated")), neg);
  const unread = unreadList(d);
  if (unread) parts.push(el("h3", {}, t("report.unread")), unread);
  out.replaceChildren(...parts);
  showAlternatives(st);
  out.hidden = false;
  out.dataset.recognized = String(d.recognized);
  out.dataset.stale = "false";
  $("report-stale").hidden = true;
  $("report-summary").textContent = summary(st);
  renderPlace(st, deps);
  renderLevel(st);
}

// "也可能是 / Could also be": the next likeliest types beside the read ones, one click adds one.
function showAlternatives(st) {
  const box = $("report-alternatives-box");
  const list = alternativeList(st.draft);
  if (!box) return;
  box.replaceChildren(...(list ? [el("h3", { id: "report-alternatives-title" }, t("report.alternatives")), list] : []));
}

function hazardList(hazards) {
  return el("ul", { class: "report-hazards", "data-testid": "report-hazards" }, ...hazards.map((h) => el("li",
    { "data-hazard": h.hazard.id }, el("strong", {}, nameOf(h.hazard)), " ", el("small", {}, h.hazard.id), " · ",
    reasonTexts(h).join(t("list.sep")))));
}

function summary(st) {
  const d = st.draft;
  if (!d.recognized) {  // the message itself is in the box
    return d.occasion ? t(`report.occasion.${d.occasion.toLowerCase()}`) : t("report.hazardsNone");
  }
  const level = d.suggestedLevel ? t("report.levelSuggested", { level: d.suggestedLevel.level }) : t("report.noLevel");
  return t("report.summary", {
    hazards: d.hazards.map((h) => nameOf(h.hazard)).join(t("report.sep")),
    facts: t(d.facts.length === 1 ? "report.factCount.one" : "report.factCount.other", { n: d.facts.length }),
    place: d.place ? nameOf(d.place.region) : t("report.noPlace"),
    level,
  });
}

// Under the location: where the report put it, or that the commander's location was kept.
function renderPlace(st, { locate }) {
  const note = $("place-read");
  const p = st.draft.place;
  if (!p?.location) { note.hidden = true; return; }
  note.replaceChildren();
  if (!st.locationChosen) {
    note.append(t("report.placeRead", { place: placeName(p) }));
  } else {
    const use = el("button", { type: "button", class: "small" }, t("report.usePlace"));
    use.addEventListener("click", () => { st.locationChosen = false; locate(p); renderPlace(st, { locate }); });
    note.append(t("report.placeKept", { place: placeName(p) }), " ", use);
  }
  note.hidden = false;
}

// Under the levels: the suggestion and its grounds, marked as a suggestion; when the
// commander chose another level, theirs stays and the suggestion is offered.
function renderLevel(st) {
  const note = $("level-suggestion");
  document.querySelectorAll("#levels label").forEach((l) => l.removeAttribute("data-suggested"));
  const s = st.draft?.suggestedLevel;
  if (!st.draft || !st.draft.recognized) { note.hidden = true; return; }
  note.replaceChildren();
  note.hidden = false;
  if (!s) { note.append(t("report.levelNone")); note.dataset.state = "none"; return; }
  document.querySelector(`#levels input[value="${s.level}"]`)?.closest("label")?.setAttribute("data-suggested", "true");
  const tag = el("span", { class: "tag suggested" }, t("report.suggestion"));
  const chosen = checkedLevel();
  if (chosen === s.level) {
    note.dataset.state = st.levelChosen ? "agrees" : "applied";
    note.append(tag, " ", words(st).level);
    return;
  }
  note.dataset.state = "kept";
  const use = el("button", { type: "button", class: "small" }, t("report.useLevel", { level: s.level }));
  use.addEventListener("click", () => {
    const radio = document.querySelector(`input[name=level][value="${s.level}"]`);
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  });
  note.append(tag, " ", t("report.levelKept", { chosen, level: s.level }), " ", words(st).level, " ", use);
}

function choose(st, picker, id) {
  const c = st.draft.suggestions.find((x) => x.id === id)
    || (st.draft.alternatives || []).find((x) => x.id === id)
    || (st.draft.possibleHazards || []).map((n) => n.hazard).find((x) => x.id === id);
  if (!c) return;
  picker.add(c);
  $("report-summary").textContent = t("report.chosen", { name: nameOf(c) });
}
