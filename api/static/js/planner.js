// The planner view: browse the ontology (hazard tree, capabilities, team and equipment
// types) and the registry (plans, teams, experts, equipment, depots), edit them with the
// server's validation messages shown next to the field, the audit trail, and data loading
// with a dry run first. The list is one Tab stop (planner-tree.js): from the view's tabs
// to the detail form is kind, search, list, form.
import { gql } from "./api.js";
import { t, nameOf, onLangChange } from "./i18n.js";
import { renderConceptDetail } from "./planner-detail.js";
import { renderRecordEditor, REGISTRY } from "./planner-registry.js";
import { renderPlanEditor } from "./planner-plan.js";
import { initAudit } from "./planner-audit.js";
import { initLoad } from "./planner-load.js";
import { treeView } from "./planner-tree.js";
import { tablist, selectTab } from "./tabs.js";

const $ = (id) => document.getElementById(id);
const C = "id name nameZh nameEn deprecated";
const N = "id name nameZh nameEn";
// Registry records carry their place: one without a location says so in the list (the
// readiness check and the recommender cannot count it), never a bare null.
const page = (field, located = false) => ({
  list: (text) => `${field}(first: 100, filter: {text: ${JSON.stringify(text || null)}}) { nodes { ${N}${located ? " location { latitude longitude }" : ""} } }`,
  record: true, located });
const KINDS = {
  HazardType: { list: () => `hazardTypeTree { ${C} children { ${C} children { ${C} } } }`, tree: true },
  Capability: { list: () => `capabilities(first: 100) { nodes { ${C} } }` },
  TeamType: { list: () => `teamTypes(first: 100) { nodes { ${C} } }` },
  EquipmentType: { list: () => `equipmentTypes(first: 100) { nodes { ${C} } }` },
  Plan: page("plans"),
  Team: page("teams", true),
  Expert: page("experts", true),
  Equipment: page("equipment", true),
  Depot: page("depots", true),
};
const state = { kind: "HazardType", items: [], selected: null, showError: () => {}, timer: null };
let tree = null;

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
  addNewButton();
  kindSelect.addEventListener("change", () => {
    state.kind = kindSelect.value; state.selected = null; $("concept-search").value = "";
    $("concept-new").hidden = !KINDS[state.kind].record;
    loadList();
  });
  $("concept-search").addEventListener("input", () => { clearTimeout(state.timer); state.timer = setTimeout(searchList, 200); });
  tablist($("planner-tabs"), (b) => pane(b.dataset.pane));
  tree = treeView($("concept-list"), { label: () => t(`kind.${state.kind}`), onOpen: (id) => openConcept(id) });
  onLangChange(() => {
    fillKinds(); drawList();
    $("concept-new").textContent = t("workbench.new");
    // an editor with unsaved changes keeps them (its labels change on the next render)
    if (state.selected && !document.querySelector("#concept-detail form[data-dirty]")) openConcept(state.selected);
    if (!$("pane-audit").hidden) initAudit($("pane-audit"), state.showError);  // re-rendered in the new language
  });
  pane("ontology");
  await loadList();
}

// "New" sits beside the search field; only record kinds (plans, the registry) have it.
function addNewButton() {
  if ($("concept-new")) return;
  const b = document.createElement("button");
  b.type = "button";
  b.id = "concept-new";
  b.className = "small";
  b.textContent = t("workbench.new");
  b.hidden = !KINDS[state.kind].record;
  b.addEventListener("click", () => openConcept(null));
  $("concept-search").after(b);
}

function pane(name) {
  selectTab($("planner-tabs"), document.querySelector(`#planner-tabs [data-pane="${name}"]`));
  document.querySelectorAll("#view-planner .pane").forEach((p) => { p.hidden = p.id !== `pane-${name}`; });
  if (name === "audit") initAudit($("pane-audit"), state.showError);
  if (name === "load") initLoad($("pane-load"), { kinds: state.config.loadKinds || [], showError: state.showError });
}

async function loadList() {
  try {
    const text = KINDS[state.kind].record ? $("concept-search").value.trim() : "";
    const data = await gql(`{ ${KINDS[state.kind].list(text)} }`);
    const value = Object.values(data)[0];
    state.items = Array.isArray(value) ? value : value.nodes;
    state.searchHits = null;
    drawList();
  } catch (e) {
    state.showError(e);
  }
}

// Concepts are searched through the server's hybrid search, so a synonym a planner just
// added finds the concept (that is what the commander's hazard picker uses too); records
// by the list's text filter (id or names).
async function searchList() {
  if (KINDS[state.kind].record) { await loadList(); return; }
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

function drawList() {
  const box = $("concept-list");
  const list = state.searchHits || state.items;
  box.dataset.mode = state.searchHits || $("concept-search").value.trim() ? "search" : "browse";
  if (!list.length) { box.textContent = t("results.none"); return; }
  tree.draw(list, {
    selected: state.selected,
    label: (c) => nameOf(c),
    note: (c) => c.id + (c.deprecated ? ` · ${t("planner.deprecated")}` : "") + placeNote(c),
  });
}

// "纬度, 经度" when the record has a location, the localized placeholder when it has none.
function placeNote(c) {
  if (!KINDS[state.kind].located || state.searchHits) return "";
  const at = c.location;
  return ` · ${at ? `${at.latitude.toFixed(2)}, ${at.longitude.toFixed(2)}` : t("workbench.noLocation")}`;
}

/** openConcept(id): the editor for the current kind's item `id` (null: a new record). */
export async function openConcept(id) {
  state.selected = id;
  document.querySelectorAll("#concept-list [role=treeitem]").forEach((r) => r.setAttribute("aria-selected", String(r.dataset.conceptId === id)));
  const el = $("concept-detail");
  const opts = { showError: state.showError, onSaved: (savedId) => { state.selected = savedId || state.selected; loadList(); } };
  if (state.kind === "Plan") await renderPlanEditor(el, id, opts);
  else if (REGISTRY[state.kind]) await renderRecordEditor(el, state.kind, id, opts);
  else await renderConceptDetail(el, state.kind, id, opts);
}
