// A replay's comparison (drill.replay): per past incident the mean time to first unit under
// the actual dispatch and under EMKG, the teams both sent, and the teams EMKG would have
// added or dropped with the reasons (catalog codes rendered in the page's language).
//
//   renderComparison(document.getElementById("drill-compare"), result);
import { t, lang } from "./i18n.js";
import { esc } from "./html.js";
import { renderReason } from "./reasons.js";

// The records' own clock (the offset they were given in), not the browser's.
const localTime = (iso) => `${iso.slice(0, 16).replace("T", " ")} (UTC${iso.slice(19) || "Z"})`;
const name = (x) => (lang() === "en" ? x.nameEn : x.nameZh);
const minutes = (v) => (v == null ? "—" : (Math.round(v * 10) / 10).toLocaleString(lang()));

function teamList(kind, verdicts) {
  if (!verdicts.length) return `<p class="hint" data-list="${kind}">${esc(t(`drill.compare.${kind}`))}: ${esc(t("drill.none"))}</p>`;
  return `<h5>${esc(t(`drill.compare.${kind}`))}</h5><ul data-list="${kind}">${verdicts.map((v) => `
    <li data-team-id="${esc(v.team)}"><strong>${esc(name(v))}</strong>
      <span class="hint">${esc(v.reasons.map(renderReason).join(lang() === "en" ? "; " : "；"))}</span></li>`).join("")}</ul>`;
}

/** Show the replay's comparison in `el` (hidden for a scripted drill). */
export function renderComparison(el, result) {
  const replay = result.replay;
  el.hidden = !replay;
  if (!replay) { el.innerHTML = ""; return; }
  const actual = result.runs.find((r) => r.strategy === "actual");
  const incidents = new Map((actual?.incidents || []).map((i) => [i.id, i]));
  const teams = new Map((actual?.sorties || []).map((s) => [s.team, s]));
  el.innerHTML = `<h3>${esc(t("drill.compare.title"))}</h3>
    <p class="hint">${esc(t("drill.compare.state", { start: localTime(replay.start), n: replay.busyThen.length }))}</p>
    <div class="drill-compare-list">${replay.comparisons.map((c) => `<article class="drill-compare-incident" data-incident-id="${esc(c.incident)}">
      <h4>${esc(incidents.has(c.incident) ? name(incidents.get(c.incident)) : c.incident)}</h4>
      <p data-metric="firstUnit">${esc(t("drill.compare.first", { actual: minutes(c.meanFirstUnitActual), emkg: minutes(c.meanFirstUnitEmkg) }))}</p>
      <p data-list="kept">${esc(t("drill.compare.kept"))}: ${esc(c.kept.map((id) => (teams.has(id) ? name(teams.get(id)) : id)).join(lang() === "en" ? ", " : "、") || t("drill.none"))}</p>
      ${teamList("added", c.added)}${teamList("dropped", c.dropped)}
    </article>`).join("")}</div>`;
}
