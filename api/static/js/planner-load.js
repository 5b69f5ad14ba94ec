// Data loading: upload a file with its mapping, see the dry-run report, then commit.
// While the server works (a commit also computes the new nodes' search vectors, which can
// take a minute), a status line says what it is doing and for how long.
import { t, lang, onLangChange } from "./i18n.js";
import { apiKey } from "./api.js";
import { esc } from "./html.js";

let started = false;

async function post(form, commit) {
  const body = new FormData(form);
  body.set("commit", commit ? "true" : "false");
  const headers = { Authorization: `Bearer ${apiKey()}`, "Accept-Language": lang() === "en" ? "en" : "zh-CN" };
  const res = await fetch("loads", { method: "POST", body, headers });
  let data = {};
  try { data = await res.json(); } catch { /* not JSON */ }
  return { ok: res.ok, status: res.status, data };
}

// The kind's label, or its id when the dictionaries have none.
const kindLabel = (k) => (t(`loadKind.${k}`) === `loadKind.${k}` ? k : t(`loadKind.${k}`));

export function initLoad(el, { kinds, showError }) {
  if (started) return;
  started = true;
  // data-i18n: the labels follow a language switch without losing the chosen files.
  el.innerHTML = `<h2 data-i18n="planner.load">${t("planner.load")}</h2>
    <p class="hint" data-i18n="load.hint">${t("load.hint")}</p>
    <form id="load-form">
      <label><span data-i18n="load.kind">${t("load.kind")}</span><select name="kind" required>${kinds.map((k) => `<option value="${esc(k)}">${esc(kindLabel(k))}</option>`).join("")}</select></label>
      <label><span data-i18n="load.file">${t("load.file")}</span><input type="file" name="file" required></label>
      <label><span data-i18n="load.mapping">${t("load.mapping")}</span><input type="file" name="mapping"></label>
      <div class="actions"><button type="submit" class="primary" data-i18n="load.dryRun">${t("load.dryRun")}</button>
      <button type="button" id="load-commit" disabled data-i18n="load.commit">${t("load.commit")}</button></div>
    </form><div id="load-report"></div>`;
  const form = el.querySelector("#load-form");
  const submit = form.querySelector("button[type=submit]");
  const select = form.querySelector("select[name=kind]");
  const report = el.querySelector("#load-report");
  const commit = el.querySelector("#load-commit");
  let last = null;  // the last answer, shown again in the new language on a switch

  // The rows the server refused (returned to this caller only): what to fix, row by row.
  const errorTable = (rows) => !rows.length ? "" : `<table class="load-errors" data-testid="load-errors">
      <caption>${esc(t("load.errorRows", { n: rows.length }))}</caption>
      <thead><tr><th scope="col">${esc(t("load.col.row"))}</th><th scope="col">${esc(t("load.col.id"))}</th>
      <th scope="col">${esc(t("load.col.field"))}</th><th scope="col">${esc(t("load.col.reason"))}</th></tr></thead>
      <tbody>${rows.map((r) => `<tr><td>${esc(String(r.row ?? ""))}</td><td>${esc(r.id ?? "")}</td>
      <td>${esc(r.field ?? "")}</td><td>${esc(r.reason ?? "")}</td></tr>`).join("")}</tbody></table>`;

  const show = (answer) => {
    last = answer;
    const { ok, status, data } = answer;
    if (status === 404 || status === 405) { report.innerHTML = `<p class="error">${t("load.unavailable")}</p>`; return; }
    const good = ok && !data.aborted && !data.errorRows;
    const headline = !ok ? data.error || `HTTP ${status}` : data.committed ? t("load.committed")
      : data.dryRun ? (good ? t("load.dryRunOk") : t("load.dryRunBad")) : t("load.aborted");
    report.innerHTML = `<p class="${good ? "ok" : "error"}" data-testid="load-status">${esc(headline)}</p>
      ${errorTable(data.errors || [])}
      ${data.report ? `<pre class="report" data-testid="load-report">${esc(data.report)}</pre>` : ""}`;
    commit.disabled = !(good && data.dryRun);
  };

  // "Checking… 3 s" / "Writing… 41 s" until the answer comes; both buttons wait meanwhile.
  const run = async (isCommit) => {
    const key = isCommit ? "load.writing" : "load.checking";
    const t0 = Date.now();
    last = null;
    submit.disabled = true;
    commit.disabled = true;
    report.innerHTML = `<p class="busy" data-testid="load-status" role="status" aria-live="polite" aria-busy="true"></p>`;
    const line = report.querySelector("p");
    const tick = () => { line.textContent = t(key, { s: Math.floor((Date.now() - t0) / 1000) }); };
    tick();
    const timer = setInterval(tick, 1000);
    try {
      show(await post(form, isCommit));
    } catch (err) {
      report.innerHTML = "";
      showError(err);
    } finally {
      clearInterval(timer);
      submit.disabled = false;
    }
  };

  form.addEventListener("submit", (e) => { e.preventDefault(); run(false); });
  commit.addEventListener("click", () => { if (window.confirm(t("load.confirm"))) run(true); });
  onLangChange(() => {
    [...select.options].forEach((o) => { o.textContent = kindLabel(o.value); });
    if (last) show(last);
  });
}
