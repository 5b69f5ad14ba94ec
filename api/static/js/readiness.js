// The readiness view (预案可达性): for a hazard, a response level and a province, every county
// coloured by the share of plan prescriptions met within the plans' time standards
// (readiness-map.js); a click lists the shortfalls; the open readiness alerts beside it.
//
// Example: (await import("./readiness.js")).initReadiness({ showError, tileUrl: null });
import { gql } from "./api.js";
import { t, nameOf, onLangChange, lang } from "./i18n.js";
import { esc } from "./html.js";
import { initReasons, renderReason } from "./reasons.js";
import { readinessMap, BANDS, NO_PLAN } from "./readiness-map.js";

const REASON = "reasons { code text params { name kind value number text concepts { id nameZh nameEn } } }";
const MATRIX = `query($hazard: ID!, $level: ResponseLevel!, $province: ID!) {
  readinessMatrix(hazard: $hazard, level: $level, province: $province, withBoundaries: true) {
    met total shareMet province { id nameZh nameEn } hazard { id nameZh nameEn }
    regions { met total shareMet
      region { id nameZh nameEn boundary location { latitude longitude } }
      plans { plan { id nameZh nameEn } timeStandardMinutes met total
        prescriptions { kind status need have short target { id nameZh nameEn }
          used { unit { id nameZh nameEn } etaMinutes quantity }
          ${REASON} } } }
  }
}`;
const HAZARDS = `{ plans(first: 100) { nodes { covers { id nameZh nameEn } } } }`;
const ALERTS = `{ readinessAlerts(first: 50) {
  id level since status have need kind plan { id nameZh nameEn } region { id nameZh nameEn }
  target { id nameZh nameEn }
  reason { code text params { name kind value number text concepts { id nameZh nameEn } } } } }`;
const ALERT_REFRESH_MS = 5000;

const state = { matrix: null, picked: null, map: null, alerts: [], timer: null };
let showError = (e) => console.error(e);
const $ = (id) => document.getElementById(id);

function skeleton() {
  $("view-readiness").innerHTML = `
    <div class="panel readiness-controls">
      <h2 data-i18n="readiness.title">${esc(t("readiness.title"))}</h2>
      <form id="readiness-form" class="readiness-form">
        <label><span data-i18n="readiness.hazard">${esc(t("readiness.hazard"))}</span>
          <select id="readiness-hazard" required></select></label>
        <label><span data-i18n="readiness.level">${esc(t("readiness.level"))}</span>
          <select id="readiness-level">${["I", "II", "III", "IV"].map((l) => `<option value="${l}">${l}</option>`).join("")}</select></label>
        <label><span data-i18n="readiness.province">${esc(t("readiness.province"))}</span>
          <input id="readiness-province" value="510000" pattern="[0-9]{6}" size="7" required></label>
        <button type="submit" class="primary" data-i18n="readiness.show">${esc(t("readiness.show"))}</button>
      </form>
      <p id="readiness-summary" class="readiness-summary" role="status" aria-live="polite"></p>
    </div>
    <div class="readiness-body">
      <div class="panel readiness-map-panel">
        <div id="readiness-map" class="readiness-map" role="region" aria-label="${esc(t("readiness.mapLabel"))}"></div>
        <ul id="readiness-legend" class="readiness-legend"></ul>
      </div>
      <div class="readiness-side">
        <section class="panel" aria-labelledby="readiness-detail-title">
          <h3 id="readiness-detail-title" data-i18n="readiness.detail">${esc(t("readiness.detail"))}</h3>
          <div id="readiness-detail"><p class="muted">${esc(t("readiness.pick"))}</p></div>
        </section>
        <section class="panel" aria-labelledby="readiness-alerts-title">
          <h3 id="readiness-alerts-title" data-i18n="readiness.alerts">${esc(t("readiness.alerts"))}</h3>
          <ul id="readiness-alerts" class="readiness-alerts"></ul>
        </section>
        <section class="panel">
          <label for="readiness-region-list" data-i18n="readiness.regionList">${esc(t("readiness.regionList"))}</label>
          <select id="readiness-region-list"></select>
        </section>
      </div>
    </div>`;
}

function legend() {
  $("readiness-legend").innerHTML = [...BANDS, NO_PLAN]
    .map((b) => `<li><span class="swatch" style="background:${b.color}"></span>${esc(t(b.key))}</li>`).join("");
}

function pct(share) { return share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`; }

function summary() {
  const m = state.matrix;
  if (!m) return;
  const short = m.regions.filter((r) => r.shareMet !== null && r.shareMet < 1).length;
  $("readiness-summary").textContent = t("readiness.summary", {
    hazard: nameOf(m.hazard), province: nameOf(m.province), share: pct(m.shareMet),
    met: m.met, total: m.total, regions: m.regions.length, short,
  });
}

function statusLabel(s) { return t(`readiness.status.${s}`); }

function detail() {
  const r = state.picked;
  if (!r) { $("readiness-detail").innerHTML = `<p class="muted">${esc(t("readiness.pick"))}</p>`; return; }
  const plans = r.plans.map((p) => {
    const misses = p.prescriptions.filter((x) => x.status !== "MET");
    const rows = misses.map((x) => `<li class="short ${x.status.toLowerCase()}">
        <span class="badge">${esc(statusLabel(x.status))}</span>
        ${x.reasons.map((z) => esc(renderReason(z))).join("<br>")}</li>`).join("");
    return `<div class="readiness-plan"><h4>${esc(nameOf(p.plan))}
        <small>${esc(t("readiness.planLine", { met: p.met, total: p.total, minutes: Math.round(p.timeStandardMinutes) }))}</small></h4>
      ${misses.length ? `<ul>${rows}</ul>` : `<p class="ok">${esc(t("readiness.allMet"))}</p>`}</div>`;
  }).join("");
  $("readiness-detail").innerHTML = `<p class="readiness-region"><strong>${esc(nameOf(r.region))}</strong>
      ${esc(t("readiness.regionLine", { share: pct(r.shareMet), met: r.met, total: r.total }))}</p>
    ${plans || `<p class="muted">${esc(t("readiness.noPlan"))}</p>`}`;
  $("readiness-region-list").value = r.region.id;
}

function regionList() {
  const sel = $("readiness-region-list");
  sel.innerHTML = state.matrix.regions
    .map((r) => `<option value="${esc(r.region.id)}">${esc(nameOf(r.region))} · ${esc(pct(r.shareMet))}</option>`).join("");
}

function alerts() {
  $("readiness-alerts").innerHTML = state.alerts.length
    ? state.alerts.map((a) => `<li class="readiness-alert" data-alert="${esc(a.id)}">
        <time datetime="${esc(a.since)}">${esc(new Date(a.since).toLocaleString(lang() === "zh" ? "zh-CN" : "en-GB"))}</time>
        ${esc(renderReason(a.reason))}</li>`).join("")
    : `<li class="muted">${esc(t("readiness.noAlerts"))}</li>`;
}

async function loadAlerts() {
  try {
    state.alerts = (await gql(ALERTS)).readinessAlerts;
    alerts();
  } catch (e) { showError(e); }
}

async function loadHazards() {
  const nodes = (await gql(HAZARDS)).plans?.nodes || [];
  const seen = new Map();
  for (const p of nodes) for (const h of p.covers) seen.set(h.id, h);
  const hazards = [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
  const sel = $("readiness-hazard");
  const chosen = sel.value || (seen.has("11C02") ? "11C02" : hazards[0]?.id);
  sel.innerHTML = hazards.map((h) => `<option value="${esc(h.id)}">${esc(h.id)} ${esc(nameOf(h))}</option>`).join("");
  if (chosen) sel.value = chosen;
  state.hazards = hazards;
}

async function run() {
  const vars = { hazard: $("readiness-hazard").value, level: $("readiness-level").value,
    province: $("readiness-province").value.trim() };
  $("readiness-summary").textContent = t("readiness.loading");
  $("view-readiness").dataset.loaded = "false";
  try {
    try {
      state.matrix = (await gql(MATRIX, vars)).readinessMatrix;
    } catch (e) {  // a first matrix on a busy server can pass the time limit: once more
      if (e.kind !== "timeout") throw e;
      state.matrix = (await gql(MATRIX, vars)).readinessMatrix;
    }
  } catch (e) {
    $("readiness-summary").textContent = "";
    showError(e);
    return;
  }
  state.picked = null;
  $("readiness-detail").innerHTML = `<p class="muted">${esc(t("readiness.pick"))}</p>`;
  state.map.draw(state.matrix.regions);
  summary();
  regionList();
  $("view-readiness").dataset.loaded = "true";
}

function pick(r) { state.picked = r; detail(); }

function relabel() {
  legend();
  summary();
  if (state.matrix) { regionList(); state.map.relabel(); }
  detail();
  alerts();
  const sel = $("readiness-hazard");
  const chosen = sel.value;
  if (state.hazards) {
    sel.innerHTML = state.hazards.map((h) => `<option value="${esc(h.id)}">${esc(h.id)} ${esc(nameOf(h))}</option>`).join("");
    sel.value = chosen;
  }
}

function loadStyles() {
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("../css/readiness.css", import.meta.url).href;
  document.head.append(css);
}

export async function initReadiness({ showError: se, tileUrl = null } = {}) {
  showError = se || showError;
  loadStyles();
  await initReasons();
  skeleton();
  legend();
  state.map = await readinessMap($("readiness-map"), { tileUrl, onPick: pick });
  $("readiness-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  $("readiness-region-list").addEventListener("change", (e) => state.map.select(e.target.value));
  onLangChange(relabel);
  await loadHazards();
  // The view answers input at once; the matrix (seconds on a province) arrives after.
  run();
  loadAlerts();
  state.timer = setInterval(() => { if (!$("view-readiness").hidden) loadAlerts(); }, ALERT_REFRESH_MS);
}

export function onShowReadiness() {
  state.map?.invalidate();
  loadAlerts();
}
