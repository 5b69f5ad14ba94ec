// One concept: its labels, synonyms and definitions (editable), its requirements
// (hazards) or mappings, and its recent audit entries.
import { gql } from "./api.js";
import { t, nameOf } from "./i18n.js";
import { SUBJECT_QUERY, auditTable } from "./planner-audit.js";
import { esc } from "./html.js";
import { englishName } from "./planner-form.js";

const C = "id name nameZh nameEn";
const FULL = `${C} altZh altEn definitionZh definitionEn deprecated`;
const DETAIL = {
  HazardType: { field: "hazardType", enumKind: "HAZARD_TYPE",
    extra: `rank parent { ${C} } requires { capability { ${C} } weight minLevel } mayTrigger { hazard { ${C} } likelihood }` },
  Capability: { field: "capability", enumKind: "CAPABILITY", extra: `rtlt providedBy { ${C} }` },
  TeamType: { field: "teamType", enumKind: "TEAM_TYPE", extra: `capabilities { capability { ${C} } level }` },
  EquipmentType: { field: "equipmentType", enumKind: "EQUIPMENT_TYPE", extra: `provides { ${C} }` },
};
const FIELDS = ["nameZh", "nameEn", "altZh", "altEn", "definitionZh", "definitionEn"];
const LEVELS = ["I", "II", "III", "IV"];

const splitList = (text) => text.split(/[\n,，;；]/).map((s) => s.trim()).filter(Boolean);

function fieldHtml(name, value) {
  const list = name.startsWith("alt");
  const long = list || name.startsWith("definition");
  const v = list ? (value || []).join("\n") : value || "";
  const input = long ? `<textarea id="f-${name}" name="${name}" rows="${list ? 4 : 2}">${esc(v)}</textarea>`
    : `<input id="f-${name}" name="${name}" value="${esc(v)}">`;
  return `<label for="f-${name}">${t(`concept.${name}`)}</label>${input}<p class="field-error" data-error-for="${name}" hidden></p>`;
}

function mappingsHtml(kind, c) {
  const tags = (list) => list.map((x) => `<span class="tag">${esc(nameOf(x))} <small>${esc(x.id)}</small></span>`).join(" ") || "-";
  if (kind === "Capability") {
    return `<h3>${t("concept.rtlt")}</h3><p>${c.rtlt.map((x) => `<span class="tag">${esc(x)}</span>`).join(" ") || "-"}</p>
      <h3>${t("concept.providedBy")}</h3><p class="tags">${tags(c.providedBy)}</p>`;
  }
  if (kind === "TeamType") {
    return `<h3>${t("concept.typicallyHas")}</h3><p class="tags">${c.capabilities.map((x) =>
      `<span class="tag">${esc(nameOf(x.capability))} · L${x.level}</span>`).join(" ") || "-"}</p>`;
  }
  if (kind === "EquipmentType") return `<h3>${t("concept.provides")}</h3><p class="tags">${tags(c.provides)}</p>`;
  return `<p>${t("concept.parent")}: ${c.parent ? `${esc(nameOf(c.parent))} <small>${esc(c.parent.id)}</small>` : "-"}</p>
    ${cascadesHtml(c)}`;
}

// Cascades (MAY_TRIGGER {likelihood}): one row per triggered hazard, and a row to add one.
function cascadesHtml(c) {
  const likelihood = (v, name) => `<input name="likelihood" type="number" step="0.05" min="0" max="1" value="${v}" aria-label="${esc(t("concept.likelihood"))}: ${esc(name)}">`;
  return `<h3>${t("concept.mayTrigger")}</h3>
    <table data-testid="cascades"><thead><tr><th>${t("concept.triggers")}</th><th>${t("concept.likelihood")}</th><th><span class="visually-hidden">${t("col.actions")}</span></th></tr></thead><tbody>
    ${c.mayTrigger.map((x) => `<tr data-triggers="${esc(x.hazard.id)}"><td>${esc(nameOf(x.hazard))} <small>${esc(x.hazard.id)}</small></td>
      <td>${likelihood(x.likelihood, nameOf(x.hazard))}</td>
      <td><button type="button" class="small" data-cascade="save">${t("concept.save")}</button>
      <button type="button" class="small" data-cascade="remove">${t("concept.remove")}</button></td></tr>`).join("")}
    <tr data-triggers=""><td><input name="triggers" placeholder="${esc(t("concept.hazardCode"))}" aria-label="${esc(t("concept.hazardCode"))}"></td>
      <td>${likelihood(0.3, t("concept.add"))}</td>
      <td><button type="button" class="small" data-cascade="save">${t("concept.add")}</button></td></tr>
    </tbody></table><p class="field-error" data-error-for="cascade" role="alert" hidden></p>`;
}

function bindCascades(el, id, rerender, showError) {
  el.querySelectorAll("button[data-cascade]").forEach((b) => b.addEventListener("click", async () => {
    const row = b.closest("tr");
    const triggers = row.dataset.triggers || row.querySelector("[name=triggers]").value.trim();
    const box = el.querySelector('[data-error-for="cascade"]');
    const shape = "userErrors { field message } auditEntry { id }";
    let data;
    try {
      data = b.dataset.cascade === "remove"
      ? await gql(`mutation($input: RemoveHazardCascadeInput!) { removeHazardCascade(input: $input) { ${shape} } }`, { input: { hazard: id, triggers } })
      : await gql(`mutation($input: SetHazardCascadeInput!) { setHazardCascade(input: $input) { ${shape} } }`,
        { input: { hazard: id, triggers, likelihood: parseFloat(row.querySelector("[name=likelihood]").value) } });
    } catch (err) {
      showError(err);
      return;
    }
    const out = Object.values(data)[0];
    if (out.userErrors.length) {
      box.textContent = out.userErrors.map((e) => e.message).join(" ");
      box.hidden = false;
      const field = out.userErrors[0].field === "likelihood" ? "[name=likelihood]" : "[name=triggers]";
      row.querySelector(field)?.setAttribute("aria-invalid", "true");
      return;
    }
    await rerender();
  }));
}

function requirementsHtml(c) {
  // Each row's inputs are named for the capability they set (a screen reader hears which).
  const levelSelect = (v, name) => `<select name="minLevel" aria-label="${esc(t("concept.minLevel"))}: ${esc(name)}">${LEVELS.map((l) => `<option ${l === v ? "selected" : ""}>${l}</option>`).join("")}</select>`;
  return `<h3>${t("concept.requires")}</h3>
    <table data-testid="requirements"><thead><tr><th>${t("graph.capability")}</th><th>${t("concept.weight")}</th><th>${t("concept.minLevel")}</th><th><span class="visually-hidden">${t("col.actions")}</span></th></tr></thead><tbody>
    ${c.requires.map((r) => `<tr data-capability="${esc(r.capability.id)}"><td>${esc(nameOf(r.capability))} <small>${esc(r.capability.id)}</small></td>
      <td><input name="weight" type="number" step="0.05" value="${r.weight}" aria-label="${esc(t("concept.weight"))}: ${esc(nameOf(r.capability))}"></td><td>${levelSelect(r.minLevel, nameOf(r.capability))}</td>
      <td><button type="button" class="small" data-req="save">${t("concept.save")}</button>
      <button type="button" class="small" data-req="remove">${t("concept.remove")}</button></td></tr>`).join("")}
    <tr data-capability=""><td><input name="capability" placeholder="${esc(t("concept.capabilityId"))}" aria-label="${esc(t("concept.capabilityId"))}"></td>
      <td><input name="weight" type="number" step="0.05" value="0.5" aria-label="${esc(t("concept.weight"))}: ${esc(t("concept.add"))}"></td><td>${levelSelect("IV", t("concept.add"))}</td>
      <td><button type="button" class="small" data-req="save">${t("concept.add")}</button></td></tr>
    </tbody></table><p class="field-error" data-error-for="requirement" hidden></p>`;
}

function showFieldError(el, message, named = null) {
  el.querySelectorAll("[data-error-for]").forEach((p) => { p.hidden = true; });
  el.querySelectorAll("[aria-invalid]").forEach((i) => i.removeAttribute("aria-invalid"));
  if (!message) return;
  // The server names the field (extensions.field); older messages only in their text.
  const field = (FIELDS.includes(named) && named)
    || FIELDS.find((f) => message.startsWith(f) || message.includes(`'${f}'`)) || "general";
  const p = el.querySelector(`[data-error-for="${field}"]`) || el.querySelector('[data-error-for="general"]');
  p.textContent = message;
  p.hidden = false;
  el.querySelector(`#f-${field}`)?.setAttribute("aria-invalid", "true");
}

export async function renderConceptDetail(el, kind, id, { showError, onSaved }) {
  const spec = DETAIL[kind];
  let c;
  let audit = [];
  try {
    const data = await gql(`query($id: ID!) { ${spec.field}(id: $id) { ${FULL} ${spec.extra} } }`, { id });
    c = { ...data[spec.field] };
    c.nameEn = englishName(c);  // an absent English label stays empty, not the Chinese one
    const trail = await gql(SUBJECT_QUERY, { id, first: 10 });
    audit = trail.auditTrail.edges.map((e) => e.node);
  } catch (e) {
    showError(e);
    return;
  }
  el.innerHTML = `<h2>${esc(nameOf(c))} <small class="code">${esc(c.id)}</small></h2>
    <form id="concept-form" data-concept-id="${esc(c.id)}">
      <div class="row"><div>${fieldHtml("nameZh", c.nameZh)}</div><div>${fieldHtml("nameEn", c.nameEn)}</div></div>
      <div class="row"><div>${fieldHtml("altZh", c.altZh)}</div><div>${fieldHtml("altEn", c.altEn)}</div></div>
      <p class="hint">${t("concept.synonymHint")}</p>
      <div class="row"><div>${fieldHtml("definitionZh", c.definitionZh)}</div><div>${fieldHtml("definitionEn", c.definitionEn)}</div></div>
      <p class="field-error" data-error-for="general" hidden></p>
      <div class="actions"><button type="submit" class="primary">${t("concept.save")}</button><span id="concept-saved" class="ok" hidden>${t("concept.saved")}</span></div>
    </form>
    ${kind === "HazardType" ? requirementsHtml(c) : ""}
    ${mappingsHtml(kind, c)}
    <h3>${t("planner.audit")}</h3>${auditTable(audit)}`;
  const form = el.querySelector("#concept-form");
  form.addEventListener("input", () => { el.querySelector("#concept-saved").hidden = true; });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const changes = {};
    for (const f of FIELDS) {
      const raw = form.elements[f].value;
      const value = f.startsWith("alt") ? splitList(raw) : raw.trim();
      const old = f.startsWith("alt") ? c[f] || [] : c[f] || "";
      if (JSON.stringify(value) !== JSON.stringify(old)) changes[f] = value;
    }
    if (!Object.keys(changes).length) { showFieldError(el, t("concept.nothing")); return; }
    try {
      await gql(`mutation($kind: ConceptKind!, $id: ID!, $changes: ConceptChanges!) {
        curateConcept(kind: $kind, id: $id, changes: $changes) { audit { id } } }`, { kind: spec.enumKind, id, changes });
      await renderConceptDetail(el, kind, id, { showError, onSaved });
      el.querySelector("#concept-saved").hidden = false;
      onSaved();
    } catch (err) {
      if (err.kind === "input") showFieldError(el, err.message, err.field); else showError(err);
    }
  });
  if (kind === "HazardType") bindCascades(el, id, () => renderConceptDetail(el, kind, id, { showError, onSaved }), showError);
  el.querySelectorAll("button[data-req]").forEach((b) => b.addEventListener("click", async () => {
    const row = b.closest("tr");
    const capability = row.dataset.capability || row.querySelector("[name=capability]").value.trim();
    const errorBox = el.querySelector('[data-error-for="requirement"]');
    try {
      if (b.dataset.req === "remove") {
        await gql(`mutation($h: ID!, $c: ID!) { removeRequirement(hazard: $h, capability: $c) { audit { id } } }`, { h: id, c: capability });
      } else {
        await gql(`mutation($h: ID!, $c: ID!, $w: Float!, $l: MinLevel!) {
          setRequirement(hazard: $h, capability: $c, weight: $w, minLevel: $l) { audit { id } } }`,
        { h: id, c: capability, w: parseFloat(row.querySelector("[name=weight]").value), l: row.querySelector("[name=minLevel]").value });
      }
      await renderConceptDetail(el, kind, id, { showError, onSaved });
    } catch (err) {
      if (err.kind === "input") { errorBox.textContent = err.message; errorBox.hidden = false; } else showError(err);
    }
  }));
}
