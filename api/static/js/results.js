// Renders a recommendation: summary, force package, gaps, candidates, experts,
// equipment, plans. Pure DOM building; actions are passed in as callbacks.
import { t, nameOf } from "./i18n.js";
import { esc } from "./html.js";

const num = (x, d = 0) => (x === null || x === undefined ? "" : Number(x).toFixed(d));

function teamType(team) {
  const tt = team.teamType || team.type;
  return tt && typeof tt === "object" ? nameOf(tt) : tt || "";
}

function tags(list, cls = "") {
  return `<span class="tags">${list.map((c) => `<span class="tag ${cls}">${esc(nameOf(c))}</span>`).join("")}</span>`;
}

function teamRow(r, { selected, deployed, canDeploy, inPackage }) {
  const team = r.team;
  const status = deployed ? "deployed" : team.status;
  const rowCls = [selected ? "selected" : "", status === "deployed" ? "deployed" : ""].join(" ");
  return `<tr data-team-id="${esc(team.id)}" class="${rowCls}">
    <td><strong>${esc(nameOf(team))}</strong><br><small>${esc(team.id)} · ${esc(t(`status.${status}`))}</small></td>
    <td>${esc(teamType(team))}<br><small>${esc(t(`admin.${team.adminLevel}`))}</small></td>
    <td class="num">${num(r.etaMinutes)} ${t("unit.min")}</td>
    <td class="num">${num(r.distanceKm, 1)} km</td>
    <td>${tags(r.covers, "covered")}<ul class="reasons">${r.reasons.map((x) => `<li>${esc(x)}</li>`).join("")}</ul></td>
    <td class="num">${num(r.score * 100)}</td>
    <td><div class="actions">
      ${inPackage ? `<button type="button" class="small" data-action="exclude" data-team-id="${esc(team.id)}">${t("action.exclude")}</button>` : ""}
      ${canDeploy && status !== "deployed" ? `<button type="button" class="small" data-action="deploy" data-team-id="${esc(team.id)}">${t("action.deploy")}</button>` : ""}
    </div></td>
  </tr>`;
}

function teamTable(list, opts, testid) {
  if (!list.length) return `<p class="empty">${t("results.none")}</p>`;
  return `<table data-testid="${testid}"><thead><tr>
    <th>${t("col.team")}</th><th>${t("col.type")}</th><th>${t("col.eta")}</th><th>${t("col.distance")}</th>
    <th>${t("col.covers")}</th><th>${t("col.score")}</th><th></th></tr></thead>
    <tbody>${list.map((r) => teamRow(r, { ...opts(r) })).join("")}</tbody></table>`;
}

// The optional sections come in whatever shape the server gives: show the named object,
// the numbers, and the reasons, so a new field shows up without a UI change.
function genericItem(item) {
  const named = Object.values(item).filter((v) => v && typeof v === "object" && !Array.isArray(v) && (v.name || v.nameZh));
  const title = named.length ? named.map((v) => esc(nameOf(v))).join(" · ") : esc(nameOf(item));
  const facts = Object.entries(item)
    .filter(([k, v]) => v !== null && typeof v !== "object" && !["id", "name", "nameZh", "nameEn"].includes(k))
    .map(([k, v]) => `${esc(t(`field.${k}`) === `field.${k}` ? k : t(`field.${k}`))}: ${esc(typeof v === "number" ? +v.toFixed(2) : v)}`);
  const reasons = item.reasons || (item.reason ? [item.reason] : []);
  return `<li><strong>${title}</strong> ${facts.length ? `<small>(${facts.join(", ")})</small>` : ""}
    ${reasons.length ? `<ul class="reasons">${reasons.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>` : ""}</li>`;
}

function section(key, items, testid) {
  if (!items) return "";
  return `<h3>${t(key)}</h3>${items.length ? `<ul data-testid="${testid}">${items.map(genericItem).join("")}</ul>`
    : `<p class="empty">${t("results.none")}</p>`}`;
}

const GAP_REASONS = ["noTeam", "allBusy", "excluded", "tooFar", "maxTeams", "lowPriority"];

/** Why a need is short, in the reader's language (limitedBy is a code, never shown raw). */
function gapReason(g) {
  const parts = [];
  if (GAP_REASONS.includes(g.limitedBy)) {
    parts.push(t(`gap.${g.limitedBy}`, { busy: g.busyTeams ?? 0, excluded: g.excludedTeams ?? 0 }));
  }
  if ((g.units ?? 1) > 1 || g.unitsProvided) {
    parts.push(t("gap.units", { needed: g.units ?? 1, provided: g.unitsProvided ?? 0 }));
  }
  return parts.length ? `<span class="gap-reason" data-limited-by="${esc(g.limitedBy || "")}">${esc(parts.join("；"))}</span> ` : "";
}

function gapItem(g) {
  const extra = Object.entries(g).filter(([k, v]) => !["capability", "weight", "sources"].includes(k) && v);
  const fill = extra.map(([, v]) => (Array.isArray(v) ? v : [v]))
    .flat().filter((v) => typeof v === "object")
    .map((v) => {
      const team = v.team || v;
      const bits = [v.distanceKm !== undefined ? `${num(v.distanceKm, 1)} km` : "", v.etaMinutes !== undefined ? `${num(v.etaMinutes)} ${t("unit.min")}` : ""].filter(Boolean);
      return `${esc(nameOf(team))}${bits.length ? ` (${bits.join(", ")})` : ""}`;
    });
  return `<li data-capability="${esc(g.capability.id)}"><span class="tag gap">${esc(nameOf(g.capability))}</span>
    ${gapReason(g)}${fill.length ? `${t("results.nearestFill")}: ${fill.join("; ")}` : (g.limitedBy ? "" : `<small>${t("results.noFill")}</small>`)}</li>`;
}

/** renderResults(el, rec, state) -> html into el; state: {selectedId, deployed:Set, canDeploy, scenario} */
export function renderResults(el, rec, state) {
  const inPackage = new Set(rec.forcePackage.map((r) => r.team.id));
  const others = rec.candidates.filter((r) => !inPackage.has(r.team.id));
  const opts = (chosen) => (r) => ({ selected: r.team.id === state.selectedId, deployed: state.deployed.has(r.team.id),
    canDeploy: state.canDeploy, inPackage: chosen });
  const hazards = rec.hazards.map((h) => `${esc(nameOf(h.hazard))} <small>${esc(h.hazard.id)}${h.via && h.via !== "code" ? ` · ${esc(h.via)}` : ""}</small>`);
  el.innerHTML = `
    <div class="print-only" hidden><h2>${t("print.title")}</h2><p>${esc(state.summary)}</p></div>
    <div class="actions">
      <button type="button" data-action="export-json">${t("action.exportJson")}</button>
      <button type="button" data-action="print">${t("action.print")}</button>
    </div>
    <div class="summary"><span><strong>${t("results.hazards")}:</strong> ${hazards.join("; ") || "-"}</span></div>
    <p><strong>${t("results.needs")}:</strong> ${rec.requiredCapabilities.map((n) =>
      `<span class="tag ${rec.gaps.some((g) => g.capability.id === n.capability.id) ? "gap" : "covered"}">${esc(nameOf(n.capability))}</span>`).join(" ")}</p>
    ${rec.gaps.length ? `<div class="gaps" data-testid="gaps"><strong>${t("results.gaps", { n: rec.gaps.length })}</strong>
      <ul>${rec.gaps.map(gapItem).join("")}</ul></div>` : `<p class="ok" data-testid="no-gaps">${t("results.allCovered")}</p>`}
    <h3>${t("results.package", { n: rec.forcePackage.length })}</h3>
    ${teamTable(rec.forcePackage, opts(true), "force-package")}
    <section class="graph-section"><h3>${t("results.explanation")} <small id="graph-team"></small></h3>
      <div class="legend">${state.legend}</div><div id="explanation" class="graph" data-testid="explanation"></div></section>
    ${section("results.experts", rec.experts, "experts")}
    ${section("results.equipment", rec.equipment, "equipment")}
    ${section("results.plans", rec.plans, "plans")}
    <h3>${t("results.candidates", { n: others.length })}</h3>
    ${teamTable(others, opts(false), "candidates")}`;

}
