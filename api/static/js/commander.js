// The commander view: describe the scenario, get the force package on the table and
// the map with reasons, exclude a team and re-run, mark teams deployed, export or print.
import { gql } from "./api.js";
import { t, nameOf, onLangChange } from "./i18n.js";
import { hazardPicker } from "./hazard-picker.js";
import { initMap, setIncident, showTeams, regionList, relabel, invalidate } from "./map.js";
import { renderResults, statusLine } from "./results.js";
import { explanationFor, explanationTree, drawExplanation, legendHtml, refit } from "./graph.js";
import { recommendQuery, coreQuery } from "./recommend-query.js";
import { initReasons, reasonTexts } from "./reasons.js";
import { esc } from "./html.js";
import { initReportBox } from "./report-box.js";
import { initCapDrop } from "./cap-drop.js";

const $ = (id) => document.getElementById(id);
const state = {
  rec: null, scenario: null, selectedId: null, excluded: new Map(), deployed: new Set(), place: null,
  canDeploy: false, deployMutation: null, showError: () => {}, graphOpen: false,
};

export async function initCommander({ tileUrl, canDeploy, deployMutation, showError }) {
  Object.assign(state, { canDeploy, deployMutation, showError });
  await initReasons();
  const picker = hazardPicker({
    input: $("hazard-search"), list: $("hazard-options"), chips: $("hazard-chips"),
    onChange: () => formError(""), onError: showError,
  });
  state.picker = picker;
  await initMap($("map"), { tileUrl, pick: (lat, lon) => { report.userLocated(); setLocation(lat, lon); } });
  // After the map (its first view would undo the report's): a report's place fills the
  // location unless the commander set one by hand (theirs wins).
  const report = initReportBox({ picker, showError, locate: (place) => {
    const { latitude, longitude } = place.location;
    setLocation(latitude, longitude, { pan: true, place: place.region });
    if (regionList().some((r) => r.id === place.region.id)) $("region").value = place.region.id;
  } });
  initCapDrop({ picker, showError, locate: (place) => {  // a dropped CAP alert (issue 16)
    setLocation(place.location.latitude, place.location.longitude, { pan: true, place: place.region });
  } });
  fillRegions();
  $("region").addEventListener("change", () => {
    const r = regionList().find((x) => x.id === $("region").value);
    if (r) { report.userLocated(); setLocation(r.lat, r.lon, { pan: true, keepRegion: true }); }
  });
  for (const id of ["lat", "lon"]) {
    $(id).addEventListener("change", () => {
      const lat = parseFloat($("lat").value);
      const lon = parseFloat($("lon").value);
      if (Number.isFinite(lat) && Number.isFinite(lon)) { report.userLocated(); setLocation(lat, lon, { pan: true }); }
    });
  }
  document.querySelectorAll("input[name=level]").forEach((r) => r.addEventListener("change", levelHint));
  levelHint();
  $("scenario-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  $("results").addEventListener("click", onResultsClick);
  onLangChange(() => { fillRegions(); levelHint(); relabel(); picker.relabel(); renderExcluded(); if (state.rec) render(); });
}

export function onShow() { invalidate(); refit(); }

function fillRegions() {
  const sel = $("region");
  const value = sel.value;
  sel.replaceChildren(new Option(t("scenario.regionPick"), ""),
    ...regionList().map((r) => new Option(`${nameOf(r)} (${r.id})`, r.id)));
  sel.value = value;
}

function levelHint() {
  const level = document.querySelector("input[name=level]:checked").value;
  $("level-hint").textContent = t(`level.${level}`);
}

function setLocation(lat, lon, { pan = false, keepRegion = false, place = null } = {}) {
  $("lat").value = lat.toFixed(4);
  $("lon").value = lon.toFixed(4);
  if (!keepRegion) $("region").value = "";
  state.place = place;
  setIncident(lat, lon, { pan, place });
  formError("");
}

function formError(msg) {
  $("scenario-error").textContent = msg;
  $("scenario-error").hidden = !msg;
}

function readScenario() {
  const lat = parseFloat($("lat").value);
  const lon = parseFloat($("lon").value);
  const description = $("description").value.trim();
  const hazardCodes = state.picker.codes();
  if (!hazardCodes.length && !description) return { error: t("scenario.needHazard") };
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return { error: t("scenario.needLocation") };
  const maxTravel = parseInt($("max-travel").value, 10);
  const scenario = {
    location: { latitude: lat, longitude: lon },
    responseLevel: document.querySelector("input[name=level]:checked").value,
  };
  if (hazardCodes.length) scenario.hazardCodes = hazardCodes;
  if (description) scenario.description = description;
  if (Number.isFinite(maxTravel)) scenario.maxTravelMinutes = maxTravel;
  if (state.excluded.size) scenario.excludeTeams = [...state.excluded.keys()];
  return { scenario };
}

export async function run() {
  const { scenario, error } = readScenario();
  if (error) { formError(error); return; }
  formError("");
  const button = $("recommend");
  button.disabled = true;
  $("results").setAttribute("aria-busy", "true");
  try {
    let data;
    try {
      data = await gql(await recommendQuery(), { scenario });
    } catch (e) {
      // A server whose schema differs from the contract's optional parts: ask for the core.
      if (e.code !== "GRAPHQL_VALIDATION_FAILED") throw e;
      data = await gql(await coreQuery(), { scenario });
    }
    state.rec = data.recommendForces;
    state.scenario = scenario;
    document.dispatchEvent(new CustomEvent("emkg:recommended", { detail: { scenario } }));  // incidents.js
    state.selectedId = state.rec.forcePackage[0]?.team.id || state.rec.candidates[0]?.team.id || null;
    render();
    // Only this short line is announced (not the whole results); focus goes to its heading.
    $("results-status").textContent = statusLine(state.rec);
    $("results-heading").focus();
  } catch (e) {
    if (e.kind === "input") formError(e.message); else state.showError(e);
  } finally {
    button.disabled = false;
    const results = $("results");
    results.setAttribute("aria-busy", "false");
    results.dataset.runs = String(Number(results.dataset.runs || 0) + 1);  // tests wait on it
  }
}

function summaryText() {
  const s = state.scenario;
  const hz = state.rec.hazards.map((h) => nameOf(h.hazard)).join(", ");
  return `${hz} · ${s.location.latitude.toFixed(4)}, ${s.location.longitude.toFixed(4)} · ${t("scenario.level")} ${s.responseLevel}` +
    ` · ${new Date().toLocaleString()}`;
}

function render() {
  const el = $("results");
  renderResults($("results-body"), state.rec, { ...state, summary: summaryText() });
  el.dataset.packageIds = state.rec.forcePackage.map((r) => r.team.id).join(",");
  setIncident(state.scenario.location.latitude, state.scenario.location.longitude, { place: state.place });
  showTeams(state.rec, state.scenario.location, state.selectedId, select);
  drawSelected();
}

// The chosen team's explanation: the text tree always, the graph when its disclosure is open.
function drawSelected() {
  const all = [...state.rec.forcePackage, ...state.rec.candidates];
  const chosen = all.find((r) => r.team.id === state.selectedId);
  const box = $("explanation");
  if (!chosen || !box) return;
  $("graph-team").textContent = t("results.explanationTeam", { team: nameOf(chosen.team) });
  const graph = explanationFor(state.rec, chosen);
  box.dataset.nodes = String(graph.nodes.length);
  const reasons = reasonTexts(chosen);
  box.innerHTML = `<div class="explain-text">${explanationTree(graph)}
    ${reasons.length ? `<ul class="reasons chosen-reasons">${reasons.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>` : ""}</div>
    <details id="graph-details" class="graph-details"${state.graphOpen ? " open" : ""}>
      <summary>${t("graph.show")}</summary><div class="legend">${legendHtml()}</div>
      <div id="explanation-graph" class="graph" data-testid="explanation-graph"></div></details>`;
  const details = $("graph-details");
  const draw = () => drawExplanation($("explanation-graph"), graph).catch(state.showError);
  details.addEventListener("toggle", () => { state.graphOpen = details.open; if (details.open) draw(); });
  if (state.graphOpen) draw();
}

function select(teamId, { focus = false } = {}) {
  state.selectedId = teamId;
  render();
  if (focus) $("explanation-title").focus();
}

function renderExcluded() {
  const box = $("excluded");
  box.hidden = state.excluded.size === 0;
  box.replaceChildren();
  if (!state.excluded.size) return;
  box.append(document.createTextNode(`${t("results.excluded")}: `));
  for (const [id, team] of state.excluded) {
    const chip = document.createElement("span");
    chip.className = "chip";
    chip.dataset.excluded = id;
    chip.textContent = nameOf(team);
    const x = document.createElement("button");
    x.type = "button";
    x.textContent = "×";
    x.title = t("action.include");
    x.addEventListener("click", () => { state.excluded.delete(id); renderExcluded(); run(); });
    chip.append(x);
    box.append(chip);
  }
}

async function onResultsClick(e) {
  const button = e.target.closest("button[data-action]");
  if (!button) {
    const row = e.target.closest("tr[data-team-id]");
    if (row) select(row.dataset.teamId);
    return;
  }
  const id = button.dataset.teamId;
  const all = state.rec ? [...state.rec.forcePackage, ...state.rec.candidates] : [];
  const team = all.find((r) => r.team.id === id)?.team;
  switch (button.dataset.action) {
    case "why":
      select(id, { focus: true });
      break;
    case "exclude":
      state.excluded.set(id, team);
      renderExcluded();
      await run();
      break;
    case "deploy":
      await deploy(id, team);
      break;
    case "export-json":
      exportJson();
      break;
    case "print":
      window.print();
      break;
    default:
  }
}

async function deploy(id, team) {
  if (!state.deployMutation) return;
  if (!window.confirm(t("action.deployConfirm", { team: nameOf(team) }))) return;
  try {
    await gql(state.deployMutation.query, state.deployMutation.variables(id));
    state.deployed.add(id);
    render();
  } catch (e) {
    state.showError(e);
  }
}

function exportJson() {
  const doc = { exportedAt: new Date().toISOString(), scenario: state.scenario, recommendation: state.rec };
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `emkg-recommendation-${new Date().toISOString().slice(0, 16).replace(/[:T]/g, "")}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
