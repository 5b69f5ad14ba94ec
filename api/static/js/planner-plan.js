// The plan editor: a plan's metadata, hazards, regions and what it prescribes at each
// response level (capabilities and team types in units, named teams, equipment types in
// pieces, named experts); saved in place (updatePlan), or issued as a new version that
// supersedes it (createPlanVersion); its history, and the differences between two
// versions (planDiff) as a table.
//
// Example:
//   await renderPlanEditor(el, "P-CN-QUAKE", { showError, onSaved });
import { gql } from "./api.js";
import { t, nameOf } from "./i18n.js";
import { AUDIT_QUERY, auditTable } from "./planner-audit.js";
import { esc } from "./html.js";
import { fieldBox, showErrors, readForm, bindRows, englishName } from "./planner-form.js";

const N = "id nameZh nameEn";
const READ = `query($id: ID!) { plan(id: $id) { ${N} tier issuer version effectiveOn timeStandardMinutes summaryZh summaryEn
  covers { ${N} } regions { ${N} }
  prescribes { level quantity capabilityLevel target { __typename
    ... on Capability { ${N} } ... on TeamType { ${N} } ... on Team { ${N} } ... on EquipmentType { ${N} } ... on Expert { ${N} } } } }
  planHistory(id: $id) { id version effectiveOn current supersedes supersededAt } }`;
const DIFF = `query($a: ID!, $b: ID!) { planDiff(older: $a, newer: $b) { fields { field before after }
  coversAdded coversRemoved regionsAdded regionsRemoved
  prescriptions { level target targetKind nameZh nameEn change quantityBefore quantityAfter capabilityLevelBefore capabilityLevelAfter } } }`;
const PAYLOAD = "plan { id } auditEntry { id } userErrors { field message code }";
const LEVELS = ["I", "II", "III", "IV"];
const KINDS = ["CAPABILITY", "TEAM_TYPE", "TEAM", "EQUIPMENT_TYPE", "EXPERT"];
const TYPENAME = { Capability: "CAPABILITY", TeamType: "TEAM_TYPE", Team: "TEAM", EquipmentType: "EQUIPMENT_TYPE", Expert: "EXPERT" };
const FIELDS = [["nameZh", "text"], ["nameEn", "text"], ["level", "select", ["NATIONAL", "PROVINCIAL", "MUNICIPAL", "COUNTY"]],
  ["issuer", "text"], ["version", "text"], ["effectiveDate", "date"], ["timeStandardMinutes", "number"],
  ["summaryZh", "textarea"], ["summaryEn", "textarea"], ["covers", "ids"], ["regions", "ids"]];
const byLevel = (a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level);

function prescriptionRow(p, i) {
  const n = i + 1;
  const opt = (list, v, key) => list.map((x) => `<option value="${x}" ${String(x) === String(v ?? "") ? "selected" : ""}>${esc(key ? t(`${key}${x}`) : x)}</option>`).join("");
  return `<tr><td><select name="pr-level" aria-label="${esc(t("workbench.field.responseLevel"))} ${n}">${opt(LEVELS, p.level)}</select></td>
    <td><select name="pr-kind" aria-label="${esc(t("workbench.field.targetKind"))} ${n}">${opt(KINDS, p.kind, "workbench.option.")}</select></td>
    <td><input name="pr-target" value="${esc(p.target || "")}" aria-label="${esc(t("workbench.field.target"))} ${n}">
      ${p.name ? `<small>${esc(p.name)}</small>` : ""}</td>
    <td><input name="pr-quantity" type="number" min="1" value="${p.quantity ?? ""}" aria-label="${esc(t("workbench.field.quantity"))} ${n}"></td>
    <td><select name="pr-capabilityLevel" aria-label="${esc(t("workbench.field.capabilityLevel"))} ${n}"><option value="">-</option>${opt([1, 2, 3, 4], p.capabilityLevel)}</select></td>
    <td><button type="button" class="small" data-row="remove">${t("concept.remove")}</button></td></tr>`;
}

function prescriptionsHtml(list) {
  return `<div class="field wide" data-field="prescribes"><h3>${t("workbench.prescribes")}</h3>
    <table class="rows" data-testid="prescriptions"><thead><tr><th>${t("workbench.field.responseLevel")}</th><th>${t("workbench.field.targetKind")}</th>
      <th>${t("workbench.field.target")}</th><th>${t("workbench.field.quantity")}</th><th>${t("workbench.field.capabilityLevel")}</th>
      <th><span class="visually-hidden">${t("col.actions")}</span></th></tr></thead>
    <tbody>${list.map(prescriptionRow).join("")}</tbody></table>
    <template data-row-template>${prescriptionRow({ level: "I", kind: "CAPABILITY" }, list.length)}</template>
    <button type="button" class="small" data-row="add">${t("concept.add")}</button>
    <p class="field-error" data-error-for="prescribes" hidden></p></div>`;
}

function readPrescriptions(form) {
  return [...form.querySelectorAll('[data-field="prescribes"] tbody tr')].map((tr) => {
    const v = (name) => tr.querySelector(`[name=pr-${name}]`).value.trim();
    return { level: v("level"), kind: v("kind"), target: v("target"),
      quantity: v("quantity") === "" ? null : Number(v("quantity")),
      capabilityLevel: v("capabilityLevel") === "" ? null : Number(v("capabilityLevel")) };
  }).filter((p) => p.target);
}

function planInput(form, idOverride = null, versionOverride = null) {
  const values = readForm(form, FIELDS);
  const input = { id: idOverride || values.id, prescribes: readPrescriptions(form) };
  for (const [name] of FIELDS) {
    const v = values[name];
    input[name] = v === "" ? null : v;
  }
  if (versionOverride) input.version = versionOverride;
  input.regions = input.regions || [];
  input.covers = input.covers || [];
  return input;
}

function historyHtml(history, id) {
  if (!history.length) return "";
  const options = (sel) => history.map((v) => `<option value="${esc(v.id)}" ${v.id === sel ? "selected" : ""}>${esc(v.version || "-")} · ${esc(v.id)}</option>`).join("");
  const older = history[1]?.id || history[0].id;
  return `<h3>${t("workbench.history")}</h3>
    <table data-testid="plan-history"><thead><tr><th>${t("workbench.field.version")}</th><th>${t("workbench.field.id")}</th>
      <th>${t("workbench.field.effectiveDate")}</th><th>${t("workbench.current")}</th><th>${t("workbench.supersededAt")}</th></tr></thead><tbody>
    ${history.map((v) => `<tr${v.id === id ? ' class="active"' : ""}><td>${esc(v.version || "-")}</td><td>${esc(v.id)}</td><td>${esc(v.effectiveOn || "-")}</td>
      <td>${v.current ? t("workbench.yes") : ""}</td><td>${esc((v.supersededAt || "").replace("T", " ").slice(0, 16))}</td></tr>`).join("")}</tbody></table>
    ${history.length > 1 ? `<div class="row diff-pick"><label for="diff-older">${t("workbench.diffOlder")}</label><select id="diff-older">${options(older)}</select>
      <label for="diff-newer">${t("workbench.diffNewer")}</label><select id="diff-newer">${options(history[0].id)}</select>
      <button type="button" class="small" id="diff-run">${t("workbench.compare")}</button></div><div id="plan-diff" aria-live="polite"></div>` : ""}`;
}

function diffHtml(d) {
  const q = (a, b) => (a === b ? esc(a ?? "1") : `${esc(a ?? (a === null ? "1" : "-"))} → ${esc(b ?? "1")}`);
  const rows = [
    ...d.fields.map((f) => `<tr><td>${t(`workbench.field.${f.field}`)}</td><td>${t("workbench.diff.changed")}</td><td>${esc(f.before ?? "-")}</td><td>${esc(f.after ?? "-")}</td></tr>`),
    ...[["coversAdded", "covers", "added"], ["coversRemoved", "covers", "removed"], ["regionsAdded", "regions", "added"], ["regionsRemoved", "regions", "removed"]]
      .flatMap(([key, fld, change]) => d[key].map((x) => `<tr><td>${t(`workbench.field.${fld}`)}</td><td>${t(`workbench.diff.${change}`)}</td><td colspan="2">${esc(x)}</td></tr>`)),
    ...d.prescriptions.map((p) => `<tr data-change="${p.change}"><td>${esc(p.level)} · ${t(`workbench.option.${p.targetKind}`)}</td><td>${t(`workbench.diff.${p.change.toLowerCase()}`)}</td>
      <td>${esc(nameOf(p))} <small>${esc(p.target)}</small></td><td>${p.change === "CHANGED" ? `${t("workbench.field.quantity")} ${q(p.quantityBefore, p.quantityAfter)}` : esc(p.quantityAfter ?? p.quantityBefore ?? "")}</td></tr>`),
  ];
  if (!rows.length) return `<p class="empty">${t("workbench.diff.none")}</p>`;
  return `<table data-testid="plan-diff"><thead><tr><th>${t("workbench.diff.what")}</th><th>${t("workbench.diff.change")}</th>
    <th>${t("workbench.diff.before")}</th><th>${t("workbench.diff.after")}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** renderPlanEditor(el, id|null, {showError, onSaved(id)}): the plan's editor and history. */
export async function renderPlanEditor(el, id, { showError, onSaved, saved = false }) {
  const isNew = !id;
  let plan = { covers: [], regions: [], prescribes: [] };
  let history = [];
  let audit = [];
  try {
    if (!isNew) {
      const data = await gql(READ, { id });
      plan = data.plan;
      history = data.planHistory;
      audit = (await gql(AUDIT_QUERY, { target: id, first: 10 })).auditTrail.edges.map((e) => e.node);
    }
  } catch (e) {
    showError(e);
    return;
  }
  const values = { ...plan, nameEn: englishName(plan), level: plan.tier, effectiveDate: plan.effectiveOn,
    covers: plan.covers.map((x) => x.id), regions: plan.regions.map((x) => x.id) };
  const prescribed = plan.prescribes.map((p) => ({ level: p.level, kind: TYPENAME[p.target.__typename], target: p.target.id,
    name: nameOf(p.target), quantity: p.quantity, capabilityLevel: p.capabilityLevel })).sort(byLevel);
  const year = new Date().getFullYear();
  el.innerHTML = `<h2>${isNew ? t("workbench.new.Plan") : `${esc(nameOf(plan))} <small class="code">${esc(plan.id)}</small>`}</h2>
    <form id="plan-form" class="record-form" data-record-id="${esc(plan.id || "")}" novalidate>
      <div class="grid-form">${fieldBox("id", "text", plan.id || "", { readonly: !isNew, label: t("workbench.field.id") })}
      ${FIELDS.map(([name, widget, options]) => fieldBox(name, widget, values[name], { options, label: t(`workbench.field.${name}`),
        hint: widget === "ids" ? t("workbench.idsHint") : "" })).join("")}</div>
      ${prescriptionsHtml(prescribed)}
      <p class="field-error" data-error-for="general" hidden></p>
      <div class="actions"><button type="submit" class="primary">${t(isNew ? "workbench.create" : "concept.save")}</button>
        <span id="record-saved" class="ok" role="status" hidden>${t("concept.saved")}</span></div>
      ${isNew ? "" : `<fieldset class="new-version"><legend>${t("workbench.newVersion")}</legend>
        <div class="row">${fieldBox("nv-id", "text", `${String(plan.id).replace(/\.v[\w-]+$/, "")}.v${year}`, { label: t("workbench.newVersionId") })}
        ${fieldBox("nv-version", "text", String(year), { label: t("workbench.field.version") })}</div>
        <p class="hint">${t("workbench.newVersionHint")}</p>
        <button type="button" id="plan-new-version">${t("workbench.issueVersion")}</button></fieldset>`}
    </form>
    ${historyHtml(history, plan.id)}
    ${isNew ? "" : `<h3>${t("planner.audit")}</h3>${auditTable(audit)}`}`;
  const form = el.querySelector("#plan-form");
  bindRows(form);
  if (saved) el.querySelector("#record-saved").hidden = false;
  form.addEventListener("input", () => { el.querySelector("#record-saved").hidden = true; form.dataset.dirty = "1"; });
  const send = async (mutation, type, variables, savedId, remap = (e) => e) => {
    try {
      const data = await gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { ${PAYLOAD} } }`, variables);
      const out = data[mutation];
      if (out.userErrors.length) { showErrors(form, out.userErrors.map(remap)); return; }
      onSaved(savedId);
      await renderPlanEditor(el, savedId, { showError, onSaved, saved: true });
    } catch (err) {
      showError(err);
    }
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const input = planInput(form);
    send(isNew ? "createPlan" : "updatePlan", "PlanInput", { input }, input.id);
  });
  el.querySelector("#plan-new-version")?.addEventListener("click", () => {
    const newId = form.elements["nv-id"].value.trim();
    const input = planInput(form, newId, form.elements["nv-version"].value.trim());
    const where = { "plan.id": "nv-id", supersedes: "nv-id", "plan.version": "nv-version" };
    send("createPlanVersion", "PlanVersionInput", { input: { supersedes: plan.id, plan: input } }, newId,
      (err) => ({ ...err, field: where[err.field] || err.field }));
  });
  el.querySelector("#diff-run")?.addEventListener("click", async () => {
    try {
      const d = await gql(DIFF, { a: el.querySelector("#diff-older").value, b: el.querySelector("#diff-newer").value });
      el.querySelector("#plan-diff").innerHTML = diffHtml(d.planDiff);
    } catch (err) {
      showError(err);
    }
  });
}
