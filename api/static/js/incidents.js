// The incident panel (issue 15): open an incident from the scenario on the table, keep a
// recommendation for it, dispatch the package with a task and an assembly point per team
// (调度令), see and print the order, release a team, undo an order within its grace period.
// Loaded only for roles that may dispatch; every word comes from the i18n dictionaries.
import { gql, apiKey, ApiError } from "./api.js";
import { t, lang, onLangChange } from "./i18n.js";
import { CJK, esc } from "./html.js";

const FIELDS = `id titleZh titleEn status allowedTransitions orderCount responseLevel
  assignments { teamId teamNameZh teamNameEn task assemblyPoint etaMinutes orderNo active undoableUntil
                contact { dutyPhone leader radioChannel } }`;
const ERRORS = "userErrors { field message code }";
const Q = {
  list: `query($s: [IncidentStatus!]) { liveIncidents(status: $s, first: 50) { edges { node { id titleZh titleEn status } } } }`,
  one: `query($id: ID!) { liveIncident(id: $id) { ${FIELDS} } }`,
  open: `mutation($input: OpenIncidentInput!) { openIncident(input: $input) { incident { ${FIELDS} } ${ERRORS} } }`,
  recommend: `mutation($input: RecommendForIncidentInput!) { recommendForIncident(input: $input) {
    recommendation { id } result { forcePackage { team { id nameZh nameEn } etaMinutes } gaps { capability { nameZh nameEn } } }
    incident { ${FIELDS} } ${ERRORS} } }`,
  dispatch: `mutation($input: DispatchIncidentInput!) { dispatchIncident(input: $input) { orderNo incident { ${FIELDS} } ${ERRORS} } }`,
  release: `mutation($input: ReleaseTeamInput!) { releaseTeam(input: $input) { incident { ${FIELDS} } ${ERRORS} } }`,
  undo: `mutation($input: UndoDispatchInput!) { undoDispatch(input: $input) { incident { ${FIELDS} } ${ERRORS} } }`,
  move: `mutation($input: TransitionIncidentInput!) { transitionIncident(input: $input) { incident { ${FIELDS} } ${ERRORS} } }`,
};
const OPEN_STATUSES = ["OPEN", "FORCES_REQUESTED", "DISPATCHED", "ON_SCENE", "RELEASED"];

const state = { scenario: null, incident: null, proposal: null, showError: () => {} };
let root;

export function initIncidents({ showError }) {
  state.showError = showError;
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("../css/incidents.css", import.meta.url).href;
  document.head.append(css);
  root = document.createElement("section");
  root.id = "incident-panel";
  root.className = "incident-panel";
  root.setAttribute("aria-labelledby", "incident-heading");
  document.getElementById("view-commander").append(root);
  root.addEventListener("click", onClick);
  root.addEventListener("change", (e) => { if (e.target.id === "incident-pick") pick(e.target.value); });
  // A new scenario only enables "open": a full render would wipe a dispatch form being filled in.
  document.addEventListener("emkg:recommended", (e) => { state.scenario = e.detail.scenario; showScenario(); });
  onLangChange(() => { if (state.incident) pick(state.incident.id); else render(); });
  render();
  refreshList();
}

function render() {
  const inc = state.incident;
  root.innerHTML = `
    <h2 id="incident-heading">${esc(t("incident.panel"))}</h2>
    <div class="incident-row">
      <label for="incident-pick">${esc(t("incident.pick"))}</label>
      <select id="incident-pick"><option value="">${esc(t("incident.none"))}</option></select>
    </div>
    <div class="incident-row">
      <label for="incident-title">${esc(t("incident.title"))}</label>
      <input id="incident-title" maxlength="200" placeholder="${esc(t("incident.titleHint"))}">
      <button type="button" data-act="open" ${state.scenario ? "" : "disabled"}>${esc(t("incident.open"))}</button>
    </div>
    <p class="hint" id="incident-need-scenario" ${state.scenario ? "hidden" : ""}>${esc(t("incident.needScenario"))}</p>
    <p id="incident-error" class="error" role="alert" hidden></p>
    <div id="incident-body" data-incident="${esc(inc?.id || "")}" data-status="${esc(inc?.status || "")}">
      ${inc ? incidentHtml(inc) : ""}</div>`;
  fillList(state.list || []);
}

function incidentHtml(inc) {
  const active = inc.assignments.filter((a) => a.active);
  const now = Date.now();
  const undoable = active.some((a) => a.undoableUntil && Date.parse(a.undoableUntil) > now);
  return `
    <h3>${esc(pickName(inc.titleZh, inc.titleEn))} <small>${esc(inc.id)} · ${esc(t(`incident.status.${inc.status.toLowerCase()}`))}</small></h3>
    ${proposalHtml(inc)}
    ${inc.assignments.length ? `<table class="assignments"><caption>${esc(t("incident.assigned"))}</caption>
      <thead><tr><th>${esc(t("order.team"))}</th><th>${esc(t("order.task"))}</th><th>${esc(t("order.assembly"))}</th>
      <th>${esc(t("order.eta"))}</th><th>${esc(t("order.contact"))}</th><th><span class="visually-hidden">${esc(t("col.actions"))}</span></th></tr></thead><tbody>
      ${inc.assignments.map((a) => `<tr data-team="${esc(a.teamId)}" class="${a.active ? "" : "released"}">
        <td>${esc(pickName(a.teamNameZh, a.teamNameEn))}</td><td>${esc(a.task)}</td><td>${esc(a.assemblyPoint)}</td>
        <td>${a.etaMinutes != null ? esc(t("incident.minutes", { n: Math.round(a.etaMinutes) })) : "-"}</td>
        <td>${esc([a.contact?.leader, a.contact?.dutyPhone, a.contact?.radioChannel].filter(Boolean).join(" · ") || "-")}</td>
        <td>${a.active ? `<button type="button" data-act="release" data-team="${esc(a.teamId)}">${esc(t("incident.release"))}</button>`
                       : esc(t("order.released"))}</td></tr>`).join("")}
      </tbody></table>` : ""}
    <div class="incident-actions">
      ${undoable ? `<button type="button" data-act="undo">${esc(t("incident.undo"))}</button>` : ""}
      ${inc.orderCount ? `<button type="button" data-act="order">${esc(t("incident.viewOrder"))}</button>
        <button type="button" data-act="pdf">${esc(t("incident.pdf"))}</button>
        <button type="button" data-act="edxl" data-kind="request">${esc(t("incident.edxlRequest"))}</button>
        <button type="button" data-act="edxl" data-kind="commit">${esc(t("incident.edxlCommit"))}</button>` : ""}
      ${inc.allowedTransitions.filter((s) => s !== "DISPATCHED").map((s) =>
        `<button type="button" data-act="move" data-to="${s}">${esc(t(`incident.to.${s}`))}</button>`).join("")}
    </div>`;
}

function proposalHtml(inc) {
  const p = state.proposal;
  if (!["OPEN", "FORCES_REQUESTED", "DISPATCHED", "ON_SCENE"].includes(inc.status)) return "";
  if (!p || p.incidentId !== inc.id) {
    return `<button type="button" data-act="recommend">${esc(t("incident.recommend"))}</button>`;
  }
  const name = (x) => (lang() === "en" ? x.nameEn : x.nameZh);
  return `<form id="dispatch-form" class="dispatch-form">
    <div class="incident-row"><label for="order-task">${esc(t("incident.defaultTask"))}</label>
      <input id="order-task" maxlength="300" value="${esc(t("incident.taskDefault"))}"></div>
    <div class="incident-row"><label for="order-assembly">${esc(t("incident.defaultAssembly"))}</label>
      <input id="order-assembly" maxlength="200" placeholder="${esc(t("incident.assemblyHint"))}"></div>
    <table class="package"><caption>${esc(t("incident.package"))}</caption>
      <thead><tr><th>${esc(t("incident.send"))}</th><th>${esc(t("order.team"))}</th><th>${esc(t("order.eta"))}</th>
      <th>${esc(t("order.task"))}</th><th>${esc(t("order.assembly"))}</th></tr></thead><tbody>
      ${p.teams.map((x) => `<tr data-team="${esc(x.team.id)}">
        <td><input type="checkbox" class="send" checked aria-label="${esc(t("incident.sendTeam", { team: name(x.team) }))}"></td>
        <td>${esc(name(x.team))}</td><td>${esc(t("incident.minutes", { n: Math.round(x.etaMinutes) }))}</td>
        <td><input class="task" maxlength="300" aria-label="${esc(t("order.task"))}" placeholder="${esc(t("incident.sameTask"))}"></td>
        <td><input class="assembly" maxlength="200" aria-label="${esc(t("order.assembly"))}" placeholder="${esc(t("incident.sameAssembly"))}"></td></tr>`).join("")}
      </tbody></table>
    ${p.gaps.length ? `<p class="gaps">${esc(t("incident.gaps"))}${esc(p.gaps.map(name).join(t("order.listSep")))}</p>` : ""}
    <button type="button" data-act="dispatch" class="primary">${esc(t("incident.dispatch"))}</button></form>`;
}

// Names and titles come in both languages: the panel follows a language switch at once.
const pickName = (zh, en) => (lang() === "en" ? en || zh : zh || en);

function showScenario() {
  root.querySelector("button[data-act=open]").disabled = !state.scenario;
  root.querySelector("#incident-need-scenario").hidden = Boolean(state.scenario);
}

function fillList(items) {
  const sel = root.querySelector("#incident-pick");
  sel.length = 1;  // keep "none"
  for (const i of items) sel.append(new Option(`${pickName(i.titleZh, i.titleEn)} (${i.id})`, i.id));
  sel.value = state.incident?.id || "";
}

async function refreshList() {
  try {
    const data = await gql(Q.list, { s: OPEN_STATUSES });
    state.list = data.liveIncidents.edges.map((e) => e.node);
    fillList(state.list);  // only the list: the panel below may be in the commander's hands
  } catch (e) { state.showError(e); }
}

async function pick(id) {
  if (!id) { state.incident = null; render(); return; }
  try {
    state.incident = (await gql(Q.one, { id })).liveIncident;
    render();
  } catch (e) { state.showError(e); }
}

function problem(errors) {
  const box = root.querySelector("#incident-error");
  box.textContent = errors.map((e) => e.message).join("；");
  box.hidden = !errors.length;
  return errors.length > 0;
}

async function change(query, input, key) {
  const data = (await gql(query, { input }))[key];
  if (problem(data.userErrors)) return null;
  state.incident = data.incident;
  render();
  return data;
}

async function onClick(e) {
  const btn = e.target.closest("button[data-act]");
  if (!btn) return;
  btn.disabled = true;
  try {
    await ACTIONS[btn.dataset.act](btn);
  } catch (err) {
    if (err instanceof ApiError && err.kind === "input") problem([{ message: err.message }]);
    else state.showError(err);
  } finally {
    btn.disabled = false;
  }
}

const ACTIONS = {
  async open() {
    const s = state.scenario;
    const title = root.querySelector("#incident-title").value.trim() || t("incident.untitled");
    const input = { location: s.location, responseLevel: s.responseLevel, hazardCodes: s.hazardCodes || [],
      description: s.description || null, maxTravelMinutes: s.maxTravelMinutes || null };
    input[CJK.test(title) ? "titleZh" : "titleEn"] = title;
    const data = await change(Q.open, input, "openIncident");
    if (data) { state.proposal = null; await refreshList(); }
  },
  async recommend() {
    const inc = state.incident;
    const data = (await gql(Q.recommend, { input: { incidentId: inc.id } })).recommendForIncident;
    if (problem(data.userErrors)) return;
    state.proposal = { incidentId: inc.id, recommendationId: data.recommendation.id,
      teams: data.result.forcePackage, gaps: data.result.gaps.map((g) => g.capability) };
    state.incident = data.incident;
    render();
  },
  async dispatch() {
    const form = root.querySelector("#dispatch-form");
    const teams = [...form.querySelectorAll("tbody tr")].filter((r) => r.querySelector(".send").checked)
      .map((r) => ({ teamId: r.dataset.team, task: r.querySelector(".task").value.trim() || null,
        assemblyPoint: r.querySelector(".assembly").value.trim() || null }));
    const input = { incidentId: state.incident.id, recommendationId: state.proposal.recommendationId, teams,
      task: form.querySelector("#order-task").value.trim() || null,
      assemblyPoint: form.querySelector("#order-assembly").value.trim() || null };
    if (await change(Q.dispatch, input, "dispatchIncident")) state.proposal = null, render();
  },
  async release(btn) {
    await change(Q.release, { incidentId: state.incident.id, teamId: btn.dataset.team }, "releaseTeam");
  },
  async undo() { await change(Q.undo, { incidentId: state.incident.id }, "undoDispatch"); },
  async move(btn) {
    await change(Q.move, { incidentId: state.incident.id, to: btn.dataset.to }, "transitionIncident");
  },
  async order() { window.open(await orderUrl("", "text/html"), "_blank"); },
  async pdf() {
    const a = document.createElement("a");
    a.href = await orderUrl(".pdf", "application/pdf");
    a.download = `${state.incident.id}.pdf`;
    a.click();
  },
  // OASIS EDXL-RM 1.0 for the next agency: RequestResource (forces requested) and
  // CommitResource (forces committed), from /edxl/{incident}/{request|commit}.xml.
  async edxl(btn) {
    const kind = btn.dataset.kind;
    const a = document.createElement("a");
    a.href = await keyedBlob(`edxl/${encodeURIComponent(state.incident.id)}/${kind}.xml`, "application/xml");
    a.download = `${state.incident.id}-edxl-rm-${kind}.xml`;
    a.click();
  },
};

// The order needs the API key, which a plain link cannot send: fetch it, hand over a blob.
async function orderUrl(suffix, type) {
  return keyedBlob(`orders/${encodeURIComponent(state.incident.id)}${suffix}?lang=${lang()}`, type);
}

async function keyedBlob(url, type) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${apiKey()}` } });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try { message = (await res.json()).error || message; } catch { /* not JSON */ }
    throw new ApiError(res.status === 401 ? "auth" : "server", message, "ORDER");
  }
  return URL.createObjectURL(new Blob([await res.arrayBuffer()], { type }));
}
