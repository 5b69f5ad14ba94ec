// The audit trail: who changed what, when, before and after.
import { gql } from "./api.js";
import { t } from "./i18n.js";
import { esc } from "./html.js";

export const AUDIT_QUERY = `query Audit($target: String, $first: Int, $after: String) {
  auditTrail(target: $target, first: $first, after: $after) {
    edges { node { id at actor action target before after } } pageInfo { hasNextPage endCursor } } }`;

// Entries about one node: its own changes and its links ("11A01" also finds "11A01->11D01").
export const SUBJECT_QUERY = `query Audit($id: ID!, $first: Int) {
  auditTrail(filter: {targetId: $id}, first: $first) { edges { node { id at actor action target before after } } } }`;

/** An audit action's name in the page's language; the code itself if the UI has no name. */
export function actionName(action) {
  const key = `audit.actions.${action}`;
  const name = t(key);
  return name === key ? action : name;
}

export function auditTable(entries) {
  if (!entries.length) return `<p class="empty">${t("results.none")}</p>`;
  return `<table data-testid="audit"><thead><tr><th>${t("audit.at")}</th><th>${t("audit.actor")}</th>
    <th>${t("audit.action")}</th><th>${t("audit.target")}</th><th>${t("audit.change")}</th></tr></thead><tbody>
    ${entries.map((e) => `<tr><td>${esc(e.at.replace("T", " ").slice(0, 19))}</td><td>${esc(e.actor)}</td>
      <td title="${esc(e.action)}">${esc(actionName(e.action))}</td><td>${esc(e.target)}</td>
      <td><small>${esc(e.before)}</small> → <small>${esc(e.after)}</small></td></tr>`).join("")}
    </tbody></table>`;
}

export async function initAudit(el, showError) {
  el.innerHTML = `<h2>${t("planner.audit")}</h2><div class="row"><input id="audit-target" type="search" placeholder="${esc(t("audit.filter"))}" aria-label="${esc(t("audit.filter"))}"></div><div id="audit-body"></div>`;
  const load = async () => {
    try {
      const target = el.querySelector("#audit-target").value.trim() || null;
      const data = await gql(AUDIT_QUERY, { target, first: 50 });
      el.querySelector("#audit-body").innerHTML = auditTable(data.auditTrail.edges.map((e) => e.node));
    } catch (e) {
      showError(e);
    }
  };
  el.querySelector("#audit-target").addEventListener("change", load);
  await load();
}
