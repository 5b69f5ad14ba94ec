// Renders a recommendation: summary, force package, gaps, candidates, experts,
// equipment, plans. Pure DOM building; actions are passed in as callbacks.
import { t, nameOf } from "./i18n.js";
import { esc } from "./html.js";
import { reasonTexts } from "./reasons.js";

const num = (x, d = 0) => (x === null || x === undefined ? "" : Number(x).toFixed(d));

function teamType(team) {
  const tt = team.teamType || team.type;
  return tt && typeof tt === "object" ? nameOf(tt) : tt || "";
}

function tags(list, cls = "") {
  return `<span class="tags">${list.map((c) => `<span class="tag ${cls}">${esc(nameOf(c))}</span>`).join("")}</span>`;
}

// One team per row, four columns, so nothing needs a sideways scroll at 1024 px: the team
// (type, level, status), arrival (ETA, distance, score), what it covers and why, and the
// actions stacked (why this team, exclude, mark deployed: each a full-size touch target).
function teamRow(r, { selected, deployed, canDeploy, inPackage }) {
  const team = r.team;
  const status = deployed ? "deployed" : team.status;
  const rowCls = [selected ? "selected" : "", status === "deployed" ? "deployed" : ""].join(" ");
  const name = esc(nameOf(team));
  // The visible word first, the team for screen readers after it (the name a voice user says).
  const forTeam = `<span class="visually-hidden">${esc(t("action.forTeam", { team: nameOf(team) }))}</span>`;
  const kind = [teamType(team), team.adminLevel ? t(`admin.${team.adminLevel}`) : ""].filter(Boolean).map(esc).join(" · ");
  return `<tr data-team-id="${esc(team.id)}" class="${rowCls}">
    <th scope="row" class="team"><strong>${name}</strong><small>${esc(team.id)} · ${esc(t(`status.${status}`))}</small>${kind ? `<small>${kind}</small>` : ""}</th>
    <td class="num eta"><strong>${num(r.etaMinutes)} ${t("unit.min")}</strong><small>${num(r.distanceKm, 1)} km</small>
      <small>${t("col.score")} ${num(r.score * 100)}</small></td>
    <td class="covers">${tags(r.covers, "covered")}${reasonsDrawer(reasonTexts(r))}</td>
    <td class="row-actions"><div class="stack">
      <button type="button" class="why" data-action="why" data-team-id="${esc(team.id)}" aria-pressed="${selected}">${t("action.why")}${forTeam}</button>
      ${inPackage ? `<button type="button" data-action="exclude" data-team-id="${esc(team.id)}">${t("action.exclude")}${forTeam}</button>` : ""}
      ${canDeploy && status !== "deployed" ? `<button type="button" data-action="deploy" data-team-id="${esc(team.id)}">${t("action.deploy")}${forTeam}</button>` : ""}
    </div></td>
  </tr>`;
}

// A row's reasons folded under one line (the row stays one screen line high); open, they
// read as a list. The chosen team's reasons also show, open, in the explanation panel.
function reasonsDrawer(texts) {
  if (!texts.length) return "";
  return `<details class="row-reasons"><summary>${t("results.reasonsN", { n: texts.length })}</summary>
    <ul class="reasons">${texts.map((x) => `<li>${esc(x)}</li>`).join("")}</ul></details>`;
}

function teamTable(list, opts, testid, caption) {
  if (!list.length) return `<p class="empty">${t("results.none")}</p>`;
  return `<table data-testid="${testid}" class="teams"><caption class="visually-hidden">${esc(caption)}</caption><thead><tr>
    <th scope="col">${t("col.team")}</th><th scope="col" class="num">${t("col.eta")}</th>
    <th scope="col">${t("col.covers")}</th><th scope="col"><span class="visually-hidden">${t("col.actions")}</span></th></tr></thead>
    <tbody>${list.map((r) => teamRow(r, { ...opts(r) })).join("")}</tbody></table>`;
}

// The optional sections come in whatever shape the server gives: show the named object,
// the numbers, and the reasons, so a new field shows up without a UI change.
function genericItem(item) {
  const named = Object.values(item).filter((v) => v && typeof v === "object" && !Array.isArray(v) && (v.name || v.nameZh));
  const title = named.length ? named.map((v) => esc(nameOf(v))).join(" · ") : esc(nameOf(item));
  const facts = Object.entries(item)
    .filter(([k, v]) => v !== null && typeof v !== "object" && !["id", "name", "nameZh", "nameEn", "reason"].includes(k))
    .map(([k, v]) => `${esc(t(`field.${k}`) === `field.${k}` ? k : t(`field.${k}`))}: ${esc(typeof v === "number" ? +v.toFixed(2) : v)}`);
  const reasons = reasonTexts(item);
  return `<li><strong>${title}</strong> ${facts.length ? `<small>(${facts.join(", ")})</small>` : ""}
    ${reasons.length ? `<ul class="reasons">${reasons.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>` : ""}</li>`;
}

function section(key, items, testid) {
  if (!items) return "";
  return `<h3>${t(key)}</h3>${items.length ? `<ul data-testid="${testid}">${items.map(genericItem).join("")}</ul>`
    : `<p class="empty">${t("results.none")}</p>`}`;
}

/** Why a need is short, how many units were asked and sent, who could fill it: the gap's
 * reasons (GAP_* in the catalog) in the reader's language; limitedBy is a code, never shown. */
function gapItem(g) {
  const why = reasonTexts(g);
  return `<li data-capability="${esc(g.capability.id)}"><span class="tag gap">${esc(nameOf(g.capability))}</span>
    ${why.length ? `<span class="gap-reason" data-limited-by="${esc(g.limitedBy || "")}">${esc(why.join(t("list.sep")))}</span>`
      : `<small>${t("results.noFill")}</small>`}</li>`;
}

/** A plan: why it applies, then what it prescribes at this level beside what the package
 * brings (met / not met), one row per prescription. */
function planItem(p) {
  const rows = (p.prescriptions || []).map((x) => `<tr data-prescription="${esc(x.item.id)}" data-met="${x.met}">
      <td>${esc(t(`plan.kind.${x.kind}`))}</td><td>${esc(nameOf(x.item))}</td>
      <td>${x.providedBy?.length ? x.providedBy.map((b) => esc(nameOf(b))).join(t("list.sep")) : "—"}</td>
      <td class="${x.met ? "ok" : "gap"}">${x.met ? `✔ ${t("plan.met")}` : `✘ ${t("plan.notMet")}`}</td></tr>`).join("");
  const table = rows ? `<table class="plan-check" data-testid="plan-check"><thead><tr><th scope="col">${t("plan.kind")}</th>
      <th scope="col">${t("plan.prescribed")}</th><th scope="col">${t("plan.provided")}</th><th scope="col">${t("plan.status")}</th></tr></thead>
      <tbody>${rows}</tbody></table>` : "";
  const plan = p.plan || p;
  return `<li data-plan="${esc(plan.id)}"><strong>${esc(nameOf(plan))}</strong> <small>${esc(plan.id)}</small>
    <ul class="reasons">${reasonTexts(p).map((x) => `<li>${esc(x)}</li>`).join("")}</ul>${table}</li>`;
}

function plansSection(plans) {
  if (!plans) return "";
  return `<h3>${t("results.plans")}</h3>${plans.length ? `<ul class="plans" data-testid="plans">${plans.map(planItem).join("")}</ul>`
    : `<p class="empty">${t("results.none")}</p>`}`;
}

/** How a hazard was found (code, search, cascade "由地震引发"), in the reader's language. */
function hazardNote(h) {
  const why = Array.isArray(h.reasonDetails) ? reasonTexts(h) : [];
  return why.length ? ` · ${esc(why.join(t("list.sep")))}` : "";
}

/** "7 支队伍，1 项缺口" / "7 teams, 1 gap": the status announced after a run and its heading. */
export function statusLine(rec) {
  const teams = t("results.statusTeams", { n: rec.forcePackage.length });
  const gaps = rec.gaps.length ? t("results.statusGaps", { n: rec.gaps.length }) : t("results.statusNoGaps");
  return t("results.status", { teams, gaps });
}

/** renderResults(el, rec, state) -> html into el; state: {selectedId, deployed:Set, canDeploy, scenario}.
 * The explanation of the chosen team (#explanation) is filled by the caller. */
export function renderResults(el, rec, state) {
  const inPackage = new Set(rec.forcePackage.map((r) => r.team.id));
  const others = rec.candidates.filter((r) => !inPackage.has(r.team.id));
  const opts = (chosen) => (r) => ({ selected: r.team.id === state.selectedId, deployed: state.deployed.has(r.team.id),
    canDeploy: state.canDeploy, inPackage: chosen });
  const hazards = rec.hazards.map((h) => `<span data-hazard="${esc(h.hazard.id)}">${esc(nameOf(h.hazard))} <small>${esc(h.hazard.id)}${hazardNote(h)}</small></span>`);
  el.innerHTML = `
    <h2 id="results-heading" tabindex="-1" data-testid="results-heading">${esc(statusLine(rec))}</h2>
    <div class="print-only" hidden><h2>${t("print.title")}</h2><p>${esc(state.summary)}</p></div>
    <div class="actions toolbar">
      <button type="button" data-action="export-json">${t("action.exportJson")}</button>
      <button type="button" data-action="print">${t("action.print")}</button>
    </div>
    <div class="summary"><span><strong>${t("results.hazards")}:</strong> ${hazards.join("; ") || "-"}</span></div>
    <p class="needs"><strong>${t("results.needs")}:</strong> ${rec.requiredCapabilities.map((n) =>
      `<span class="tag ${rec.gaps.some((g) => g.capability.id === n.capability.id) ? "gap" : "covered"}">${esc(nameOf(n.capability))}</span>`).join(" ")}</p>
    ${rec.gaps.length ? `<div class="gaps" data-testid="gaps"><strong>${t("results.gaps", { n: rec.gaps.length })}</strong>
      <ul>${rec.gaps.map(gapItem).join("")}</ul></div>` : `<p class="ok" data-testid="no-gaps">${t("results.allCovered")}</p>`}
    <section class="package" aria-labelledby="package-title"><h3 id="package-title">${t("results.package", { n: rec.forcePackage.length })}</h3>
    ${teamTable(rec.forcePackage, opts(true), "force-package", t("results.package", { n: rec.forcePackage.length }))}</section>
    <section class="graph-section" id="explanation-panel" aria-labelledby="explanation-title">
      <h3 id="explanation-title" tabindex="-1">${t("results.explanation")}<span id="graph-team"></span></h3>
      <div id="explanation" class="explanation" data-testid="explanation"></div></section>
    <section class="plans-section">${plansSection(rec.plans)}</section>
    <section class="experts-section">${section("results.experts", rec.experts, "experts")}</section>
    <section class="equipment-section">${section("results.equipment", rec.equipment, "equipment")}</section>
    <section class="candidates-section" aria-labelledby="candidates-title"><h3 id="candidates-title">${t("results.candidates", { n: others.length })}</h3>
    ${teamTable(others, opts(false), "candidates", t("results.candidates", { n: others.length }))}</section>`;
}
