// The planner view: browse the ontology (hazard tree, capabilities, team and equipment
// types), edit labels, synonyms and requirements with the server's validation messages
// shown next to the field, the audit trail, and data loading with a dry run first.
import { gql } from "./api.js";
import { t, nameOf, onLangChange } from "./i18n.js";
import { renderConceptDetail } from "./planner-detail.js";
import { initAudit } from "./planner-audit.js";
import { initLoad } from "./planner-load.js";
import { tablist, selectTab } from "./tabs.js";

const $ = (id) => document.getElementById(id);
const C = "id name nameZh nameEn deprecated";
const KINDS = {
  HazardType: { list: `hazardTypeTree { ${C} children { ${C} children { ${C} } } }`, tree: true },
  Capability: { list: `capabilities(first: 100) { nodes { ${C} } }` },
  TeamType: { list: `teamTypes(first: 100) { nodes { ${C} } }` },
  EquipmentType: { list: `equipmentTypes(first: 100) { nodes { ${C} } }` },
};
const state = { kind: "HazardType", items: [], selected: null, showError: () => {}, timer: null };

export async function initPlanner({ showError, config = {}, permissions = new Set() }) {
  state.showError = showError;
  state.config = config;
  state.permissions = permissions;
  const kindSelect = $("concept-kind");
  const fillKinds = () => {
    kindSelect.replaceChildren(...Object.keys(KINDS).map((k) => new Option(t(`kind.${k}`), k)));
    kindSelect.value = state.kind;
  };
  fillKinds();
  kindSelect.addEventListener("change", () => { state.kind = kindSelect.value; $("concept-search").value = ""; loadList(); });
  $("concept-search").addEventListener("input", () => { clearTimeout(state.timer); state.timer = setTimeout(searchList, 200); });
  tablist($("planner-tabs"), (b) => pane(b.dataset.pane));
  $("concept-list").addEventListener("click", (e) => {
    const b = e.target.closest("button[data-concept-id]");
    if (b) openConcept(b.dataset.conceptId);
  });
  onLangChange(() => {
    fillKinds(); drawList();
    if (state.selected) openConcept(state.selected);
    if (!$("pane-audit").hidden) initAudit($("pane-audit"), state.showError);  // re-rendered in the new language
  });
  pane("ontology");
  await loadList();
}

function pane(name) {
  selectTab($("planner-tabs"), document.querySelector(`#planner-tabs [data-pane="${name}"]`));
  document.querySelectorAll("#view-planner .pane").forEach((p) => { p.hidden = p.id !== `pane-${name}`; });
  if (name === "audit") initAudit($("pane-audit"), state.showError);
  if (name === "load") initLoad($("pane-load"), { kinds: state.config.loadKinds || [], showError: state.showError });
}

async function loadList() {
  try {
    const data = await gql(`{ ${KINDS[state.kind].list} }`);
    const value = Object.values(data)[0];
    state.items = Array.isArray(value) ? value : value.nodes;
    state.searchHits = null;
    drawList();
  } catch (e) {
    state.showError(e);
  }
}

// Search goes through the server's hybrid search, so a synonym a planner just added
// finds the concept (that is what the commander's hazard picker uses too).
async function searchList() {
  const text = $("concept-search").value.trim();
  if (!text) { state.searchHits = null; drawList(); return; }
  try {
    const data = await gql(`query($text: String!, $kinds: [String!]) {
      search(text: $text, kinds: $kinds, limit: 20) { id name nameZh nameEn score via } }`,
    { text, kinds: [state.kind] });
    state.searchHits = data.search;
    drawList();
  } catch (e) {
    state.showError(e);
  }
}

function item(c) {
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.type = "button";
  b.dataset.conceptId = c.id;
  if (c.id === state.selected) b.classList.add("active");
  b.append(document.createTextNode(nameOf(c)));
  const code = document.createElement("span");
  code.className = "code";
  code.textContent = c.id + (c.deprecated ? ` · ${t("planner.deprecated")}` : "");
  b.append(code);
  li.append(b);
  if (c.children?.length) {
    const ul = document.createElement("ul");
    ul.append(...c.children.map(item));
    li.append(ul);
  }
  return li;
}

function drawList() {
  const box = $("concept-list");
  const list = state.searchHits || state.items;
  const ul = document.createElement("ul");
  ul.append(...list.map(item));
  box.replaceChildren(ul);
  box.dataset.mode = state.searchHits ? "search" : "browse";
  if (!list.length) box.textContent = t("results.none");
}

export async function openConcept(id) {
  state.selected = id;
  document.querySelectorAll("#concept-list button").forEach((b) => b.classList.toggle("active", b.dataset.conceptId === id));
  await renderConceptDetail($("concept-detail"), state.kind, id, {
    showError: state.showError,
    onSaved: () => loadList(),
  });
}
