// The drill view (情景推演): choose a shipped script, a seed and the strategies, run the
// drill on the server (startDrill, then drill(id) polled for progress), then replay it: a
// timeline slider moves the map (incidents coloured by needs met, team movements as lines)
// and a line on the metric charts; a table compares the strategies. A replay (复盘) runs past
// incidents the same way: shipped or pasted dispatch records, or EMKG's own incidents, with
// the actual dispatch beside the strategies and, per incident, what EMKG would have added
// or dropped and why (drill-compare.js). A drill only reads the live graph: nothing here
// changes a team's status.
//
//   (await import("./drill-view.js")).initDrills({ showError });
import { gql } from "./api.js";
import { t, lang, onLangChange } from "./i18n.js";
import { esc } from "./html.js";
import { initDrillMap, coverageColour } from "./drill-map.js";
import { initDrillCharts } from "./drill-charts.js";
import { DRILL_FIELDS, drillData } from "./drill-data.js";
import { renderComparison } from "./drill-compare.js";
import { initReasons } from "./reasons.js";

const STRATEGIES = ["emkg", "closest", "random"];
const SCRIPTS = `{ drillScripts { id nameZh nameEn descriptionZh descriptionEn durationHours incidents } }`;
const START = `mutation($input: StartDrillInput!) { startDrill(input: $input) {
  drill { id status progress } userErrors { field message } } }`;
const REPLAY = `mutation($input: StartReplayInput!) { startReplay(input: $input) {
  drill { id status progress } userErrors { field message } } }`;
const SOURCES = `{ replaySamples { id records mapping } replayableIncidents(first: 30) { id nameZh nameEn teams } }`;
const POLL = `query($id: ID!) { drill(id: $id) { ${DRILL_FIELDS} } }`;

const $ = (id) => document.getElementById(id);
const ui = { scripts: [], samples: [], incidents: [], result: null, map: null, charts: null,
  timer: null, status: null };
const replaying = () => document.querySelector("#drill-form input[name=drill-mode]:checked")?.value === "replay";

// The status line by i18n key, so a language switch re-renders it (a server's text as is).
function setStatus(key, params = {}, text = null) {
  ui.status = { key, params, text };
  $("drill-status").textContent = text ?? t(key, params);
}

function layout(root) {
  root.innerHTML = `
    <form id="drill-form" class="card drill-form">
      <h2 data-i18n="drill.title"></h2>
      <p class="hint" data-i18n="drill.sandbox"></p>
      <fieldset><legend data-i18n="drill.mode"></legend>
        <label class="inline"><input type="radio" name="drill-mode" value="script" checked>
          <span data-i18n="drill.mode.script"></span></label>
        <label class="inline"><input type="radio" name="drill-mode" value="replay">
          <span data-i18n="drill.mode.replay"></span></label>
      </fieldset>
      <div id="drill-script-part">
        <label><span data-i18n="drill.script"></span> <select id="drill-script"></select></label>
        <p id="drill-script-about" class="hint"></p>
      </div>
      <div id="drill-replay-part" hidden>
        <p class="hint" data-i18n="drill.replayHint"></p>
        <label><span data-i18n="drill.replaySource"></span> <select id="drill-source"></select></label>
        <label id="drill-records-label"><span data-i18n="drill.records"></span>
          <textarea id="drill-records" rows="6" spellcheck="false"></textarea></label>
        <label id="drill-mapping-label"><span data-i18n="drill.mapping"></span>
          <textarea id="drill-mapping" rows="4" spellcheck="false"></textarea></label>
      </div>
      <label><span data-i18n="drill.seed"></span> <input id="drill-seed" type="number" min="0" value="1"></label>
      <fieldset><legend data-i18n="drill.strategies"></legend>
        ${STRATEGIES.map((s) => `<label class="inline"><input type="checkbox" name="strategy" value="${s}" checked>
          <span data-i18n="drill.strategy.${s}"></span></label>`).join("")}
      </fieldset>
      <button type="submit" id="drill-run" class="primary" data-i18n="drill.run"></button>
      <p id="drill-status" role="status" aria-live="polite"></p>
      <progress id="drill-progress" max="1" value="0" hidden></progress>
    </form>
    <section id="drill-replay" class="drill-replay" hidden>
      <div class="drill-controls card">
        <label><span data-i18n="drill.time"></span>
          <input id="drill-time" type="range" min="0" step="10" value="0"></label>
        <output id="drill-clock" for="drill-time"></output>
        <button type="button" id="drill-play" data-i18n="drill.play"></button>
        <label><span data-i18n="drill.show"></span> <select id="drill-strategy"></select></label>
      </div>
      <div id="drill-map" class="drill-map" role="region" data-i18n-aria-label="drill.mapLabel"></div>
      <div id="drill-charts" class="drill-charts"></div>
      <p class="legend hint" data-i18n="drill.legend"></p>
      <ul id="drill-incidents" class="drill-incidents"></ul>
      <div id="drill-table" class="drill-table"></div>
      <section id="drill-compare" class="drill-compare card" aria-live="polite" hidden></section>
    </section>`;
}

function relabel() {
  document.querySelectorAll("#view-drills [data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  // the map holds focusable controls (zoom): a labelled region, not an image
  document.querySelectorAll("#view-drills [data-i18n-aria-label]").forEach((el) => { el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel)); });
  const sel = $("drill-script");
  const chosen = sel.value;
  sel.innerHTML = ui.scripts.map((s) => `<option value="${esc(s.id)}">${esc(lang() === "en" ? s.nameEn : s.nameZh)}</option>`).join("");
  if (chosen) sel.value = chosen;
  about();
  sources();
  $("drill-run").textContent = t(replaying() ? "drill.runReplay" : "drill.run");
  if (ui.status) setStatus(ui.status.key, ui.status.params, ui.status.text);
  if (ui.result) showResult(false);
}

function about() {
  const s = ui.scripts.find((x) => x.id === $("drill-script").value);
  $("drill-script-about").textContent = s
    ? `${lang() === "en" ? s.descriptionEn || "" : s.descriptionZh || ""} ${t("drill.scriptSize", { hours: s.durationHours, n: s.incidents })}`
    : "";
}

function sources() {
  const sel = $("drill-source");
  const chosen = sel.value;
  sel.innerHTML = [
    ...ui.samples.map((x) => `<option value="sample:${esc(x.id)}">${esc(t("drill.replay.sample", { id: x.id }))}</option>`),
    `<option value="paste">${esc(t("drill.replay.paste"))}</option>`,
    ...ui.incidents.map((i) => `<option value="incident:${esc(i.id)}">${esc(t("drill.replay.incident", { name: lang() === "en" ? i.nameEn : i.nameZh, n: i.teams }))}</option>`),
  ].join("");
  if (chosen) sel.value = chosen;
}

function chooseSource(fill) {
  const v = $("drill-source").value || "";
  const file = !v.startsWith("incident:");
  $("drill-records-label").hidden = !file;
  $("drill-mapping-label").hidden = !file;
  const sample = ui.samples.find((x) => v === `sample:${x.id}`);
  if (fill && sample) {
    $("drill-records").value = sample.records;
    $("drill-mapping").value = sample.mapping || "";
  }
}

function chooseMode() {
  const replay = replaying();
  $("drill-script-part").hidden = replay;
  $("drill-replay-part").hidden = !replay;
  $("drill-run").textContent = t(replay ? "drill.runReplay" : "drill.run");
  if (replay && !$("drill-records").value) chooseSource(true);
}

function clock(minute) {
  const h = Math.floor(minute / 60);
  return t("drill.timeAt", { h, m: String(Math.round(minute % 60)).padStart(2, "0") });
}

function runOf(strategy) {
  return ui.result.runs.find((r) => r.strategy === strategy) || ui.result.runs[0];
}

function cuts() {
  return (ui.result.runs[0].notes || []).filter((n) => n.kind === "roadsCut")
    .map((n) => ({ ...n, at: n.at }));
}

function moveTo(minute) {
  const run = runOf($("drill-strategy").value);
  $("drill-time").value = String(minute);
  $("drill-clock").textContent = clock(minute);
  $("drill-replay").dataset.minute = String(minute);
  const now = ui.map.show(run, minute, cuts());
  ui.charts.mark(minute);
  $("drill-incidents").innerHTML = now.incidents.map((i) => `<li data-incident-id="${esc(i.id)}">
    <span class="dot" style="background:${coverageColour(i.share)}"></span>
    ${esc(t("drill.incidentTip", { name: lang() === "en" ? i.nameEn : i.nameZh, level: i.level, met: i.met, total: i.needs }))}
    · ${esc(t("drill.teamsThere", { n: now.teams.filter((x) => x.incident === i.id).length }))}</li>`).join("");
}

function table() {
  const runs = ui.result.runs;
  const fmt = (v, pct) => (v == null ? "—" : pct ? `${(v * 100).toFixed(1)}%` : (Math.round(v * 10) / 10).toLocaleString(lang()));
  const rows = [
    ["drill.metric.within30", (m) => fmt(m.coveredWithin["30"], true)],
    ["drill.metric.within60", (m) => fmt(m.coveredWithin["60"], true)],
    ["drill.metric.within120", (m) => fmt(m.coveredWithin["120"], true)],
    ["drill.metric.atEnd", (m) => fmt(m.coveredAtEnd, true)],
    ["drill.metric.meanFirst", (m) => fmt(m.meanMinutesToFirstUnit)],
    ["drill.metric.sorties", (m) => fmt(m.sorties)],
    ["drill.metric.travel", (m) => fmt(m.totalTravelKm)],
    ["drill.metric.exhausted", (m) => fmt(m.teamsExhausted)],
    ["drill.unmet", (m) => (m.unmetByKind.length
      ? m.unmetByKind.map((u) => `${lang() === "en" ? u.nameEn : u.nameZh} ×${u.count}`).join(lang() === "en" ? ", " : "、")
      : t("drill.none"))],
  ];
  $("drill-table").innerHTML = `<table data-testid="drill-metrics"><caption>${esc(t("drill.metrics"))}</caption>
    <thead><tr><th scope="col"></th>${runs.map((r) => `<th scope="col" data-strategy="${r.strategy}">${esc(t(`drill.strategy.${r.strategy}`))}</th>`).join("")}</tr></thead>
    <tbody>${rows.map(([k, f]) => `<tr data-metric="${k}"><th scope="row">${esc(t(k))}</th>${runs.map((r) => `<td>${esc(f(r.metrics))}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

function showResult(fresh) {
  const sel = $("drill-strategy");
  const chosen = sel.value;
  sel.innerHTML = ui.result.runs.map((r) => `<option value="${r.strategy}">${esc(t(`drill.strategy.${r.strategy}`))}</option>`).join("");
  if (chosen && !fresh) sel.value = chosen;
  const slider = $("drill-time");
  slider.max = String(ui.result.script.durationMinutes);
  $("drill-replay").hidden = false;
  ui.map.invalidate();
  ui.charts.draw(ui.result);
  table();
  renderComparison($("drill-compare"), ui.result);
  moveTo(fresh ? 0 : Number(slider.value));
}

async function run(showError) {
  const strategies = [...document.querySelectorAll("#drill-form input[name=strategy]:checked")].map((b) => b.value.toUpperCase());
  const seed = Number($("drill-seed").value || 1);
  const source = $("drill-source").value || "";
  const replay = replaying();
  let input = { scriptId: $("drill-script").value, seed, strategies };
  if (replay) {
    input = source.startsWith("incident:")
      ? { incidentIds: [source.slice("incident:".length)], seed, strategies }
      : { records: $("drill-records").value, mapping: $("drill-mapping").value || null, seed, strategies };
  }
  $("drill-run").disabled = true;
  try {
    const out = replay ? (await gql(REPLAY, { input })).startReplay : (await gql(START, { input })).startDrill;
    if (out.userErrors.length) {
      setStatus(null, {}, out.userErrors.map((e) => e.message).join("; "));
      return;
    }
    const bar = $("drill-progress");
    bar.hidden = false;
    let d = out.drill;
    while (d.status === "RUNNING") {
      bar.value = d.progress;
      setStatus("drill.running", { pct: Math.round(d.progress * 100),
        strategy: d.currentStrategy ? t(`drill.strategy.${d.currentStrategy}`) : "" });
      await new Promise((r) => { setTimeout(r, 700); });
      d = (await gql(POLL, { id: out.drill.id })).drill;
    }
    bar.hidden = true;
    if (d.status !== "DONE") {  // FAILED, or CANCELLED when the server shut down
      setStatus("drill.failed", { error: d.error || "" });
      return;
    }
    ui.result = drillData(d);
    setStatus("drill.done");
    $("view-drills").dataset.drillId = d.id;
    showResult(true);
  } catch (e) {
    showError(e);
  } finally {
    $("drill-run").disabled = false;
  }
}

function play() {
  if (ui.timer) {
    clearInterval(ui.timer);
    ui.timer = null;
    return;
  }
  ui.timer = setInterval(() => {
    const slider = $("drill-time");
    const next = Number(slider.value) + 30;
    if (next > Number(slider.max)) { clearInterval(ui.timer); ui.timer = null; return; }
    moveTo(next);
  }, 400);
}

export async function initDrills({ showError }) {
  const root = $("view-drills");
  layout(root);
  ui.scripts = (await gql(SCRIPTS)).drillScripts;
  const found = (await gql(SOURCES));
  ui.samples = found.replaySamples;
  ui.incidents = found.replayableIncidents;
  await initReasons();
  ui.map = await initDrillMap($("drill-map"));
  ui.charts = await initDrillCharts($("drill-charts"));
  relabel();
  $("drill-script").addEventListener("change", about);
  document.querySelectorAll("#drill-form input[name=drill-mode]").forEach((b) => b.addEventListener("change", chooseMode));
  $("drill-source").addEventListener("change", () => chooseSource(true));
  $("drill-form").addEventListener("submit", (e) => { e.preventDefault(); run(showError); });
  $("drill-time").addEventListener("input", (e) => moveTo(Number(e.target.value)));
  $("drill-strategy").addEventListener("change", () => moveTo(Number($("drill-time").value)));
  $("drill-play").addEventListener("click", play);
  onLangChange(relabel);
}

export function onShowDrills() { if (ui.map) ui.map.invalidate(); }
