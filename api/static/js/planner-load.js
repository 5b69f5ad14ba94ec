// Data loading: upload a file with its mapping, see the dry-run report, then commit.
import { t } from "./i18n.js";
import { apiKey } from "./api.js";

const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
let started = false;

async function post(form, commit) {
  const body = new FormData(form);
  body.set("commit", commit ? "true" : "false");
  const res = await fetch("loads", { method: "POST", body, headers: { Authorization: `Bearer ${apiKey()}` } });
  let data = {};
  try { data = await res.json(); } catch { /* not JSON */ }
  return { ok: res.ok, status: res.status, data };
}

export function initLoad(el, { kinds, showError }) {
  if (started) return;
  started = true;
  el.innerHTML = `<h2>${t("planner.load")}</h2><p class="hint">${t("load.hint")}</p>
    <form id="load-form">
      <label>${t("load.kind")}<select name="kind" required>${kinds.map((k) => `<option value="${esc(k)}">${esc(t(`loadKind.${k}`) === `loadKind.${k}` ? k : t(`loadKind.${k}`))}</option>`).join("")}</select></label>
      <label>${t("load.file")}<input type="file" name="file" required></label>
      <label>${t("load.mapping")}<input type="file" name="mapping"></label>
      <div class="actions"><button type="submit" class="primary">${t("load.dryRun")}</button>
      <button type="button" id="load-commit" disabled>${t("load.commit")}</button></div>
    </form><div id="load-report"></div>`;
  const form = el.querySelector("#load-form");
  const report = el.querySelector("#load-report");
  const commit = el.querySelector("#load-commit");
  const show = ({ ok, status, data }) => {
    if (status === 404 || status === 405) { report.innerHTML = `<p class="error">${t("load.unavailable")}</p>`; return; }
    const good = ok && !data.aborted && !data.errorRows;
    const headline = !ok ? data.error || `HTTP ${status}` : data.committed ? t("load.committed")
      : data.dryRun ? (good ? t("load.dryRunOk") : t("load.dryRunBad")) : t("load.aborted");
    report.innerHTML = `<p class="${good ? "ok" : "error"}" data-testid="load-status">${esc(headline)}</p>
      ${data.report ? `<pre class="report" data-testid="load-report">${esc(data.report)}</pre>` : ""}`;
    commit.disabled = !(good && data.dryRun);
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    try { show(await post(form, false)); } catch (err) { showError(err); }
  });
  commit.addEventListener("click", async () => {
    if (!window.confirm(t("load.confirm"))) return;
    try { show(await post(form, true)); } catch (err) { showError(err); }
  });
}
