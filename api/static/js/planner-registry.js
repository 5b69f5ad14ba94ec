// The registry editors: a team, expert, equipment item or depot as a form with the
// loader record's fields, saved by createX/updateX (the server checks them with the
// loaders' record shapes); a refused field shows the server's message beside it, in the
// page's language. A team's capabilities are rows (capability id, level 1-4).
//
// Example:
//   await renderRecordEditor(el, "Team", "T-SC-0001", { showError, onSaved });
//   await renderRecordEditor(el, "Depot", null, { showError, onSaved });   // a new depot
import { gql } from "./api.js";
import { t, nameOf } from "./i18n.js";
import { AUDIT_QUERY, auditTable } from "./planner-audit.js";
import { esc } from "./html.js";
import { fieldBox, showErrors, readForm, capabilityRows, bindRows, englishName } from "./planner-form.js";

const PAYLOAD = "auditEntry { id } userErrors { field message code }";
const AT = "location { latitude longitude }";
const STATUSES = ["AVAILABLE", "STANDBY", "DEPLOYED", "UNAVAILABLE"];
const MOBILITY = ["GROUND", "AIR", "WATER"];
const TIERS = ["NATIONAL", "PROVINCIAL", "MUNICIPAL", "COUNTY", "SOCIAL"];
const CONDITIONS = ["READY", "MAINTENANCE", "DEPLOYED"];

// Per kind: the read query, the mutation names and input type, and the form's fields:
// [record field, widget, options]; `from(record)` maps the read record to field values.
export const REGISTRY = {
  Team: {
    read: `team(id: $id) { id nameZh nameEn availability headcount readinessMinutes travelMode tier ${AT}
      region { id } teamType { id nameZh nameEn } capabilities { capability { id nameZh nameEn } level }
      equipment { id nameZh nameEn quantity } }`,
    field: "team", create: "createTeam", update: "updateTeam", input: "TeamInput",
    fields: [["nameZh", "text"], ["nameEn", "text"], ["teamType", "text"], ["status", "select", STATUSES],
      ["headcount", "number"], ["readinessMinutes", "number"], ["mobility", "select", MOBILITY],
      ["adminLevel", "select", TIERS], ["latitude", "number"], ["longitude", "number"], ["region", "text"],
      ["capabilities", "capabilities"], ["dutyPhone", "text"], ["radioChannel", "text"], ["leader", "text"]],
    from: (r) => ({ ...r, teamType: r.teamType?.id, status: r.availability, mobility: r.travelMode,
      adminLevel: r.tier, region: r.region?.id, latitude: r.location?.latitude, longitude: r.location?.longitude }),
    keepIfEmpty: ["dutyPhone", "radioChannel", "leader"],
  },
  Expert: {
    read: `expert(id: $id) { id nameZh nameEn available affiliation profileZh profileEn ${AT} region { id } expertise { id nameZh nameEn } }`,
    field: "expert", create: "createExpert", update: "updateExpert", input: "ExpertInput",
    fields: [["nameZh", "text"], ["nameEn", "text"], ["available", "check"], ["affiliation", "text"],
      ["profileZh", "textarea"], ["profileEn", "textarea"], ["latitude", "number"], ["longitude", "number"],
      ["region", "text"], ["expertise", "ids"], ["dutyPhone", "text"], ["radioChannel", "text"]],
    from: (r) => ({ ...r, region: r.region?.id, expertise: r.expertise.map((x) => x.id),
      latitude: r.location?.latitude, longitude: r.location?.longitude }),
    keepIfEmpty: ["dutyPhone", "radioChannel"],
  },
  Equipment: {
    read: `equipmentItem(id: $id) { id nameZh nameEn quantity condition ${AT} equipmentType { id }
      holder { ... on Team { id } ... on Depot { id } } }`,
    field: "equipmentItem", create: "createEquipment", update: "updateEquipment", input: "EquipmentInput",
    fields: [["nameZh", "text"], ["nameEn", "text"], ["equipmentType", "text"], ["quantity", "number"],
      ["status", "select", CONDITIONS], ["latitude", "number"], ["longitude", "number"], ["holder", "text"]],
    from: (r) => ({ ...r, equipmentType: r.equipmentType?.id, status: r.condition, holder: r.holder?.id,
      latitude: r.location?.latitude, longitude: r.location?.longitude }),
  },
  Depot: {
    read: `depot(id: $id) { id nameZh nameEn tier ${AT} region { id } }`,
    field: "depot", create: "createDepot", update: "updateDepot", input: "DepotInput",
    fields: [["nameZh", "text"], ["nameEn", "text"], ["adminLevel", "select", TIERS.slice(0, 4)],
      ["latitude", "number"], ["longitude", "number"], ["region", "text"]],
    from: (r) => ({ ...r, adminLevel: r.tier, region: r.region?.id, latitude: r.location?.latitude, longitude: r.location?.longitude }),
  },
};

/** The record's mutation input from the form: empty optional fields are left out
 * (contacts the planner cannot read stay as they are), latitude/longitude as location. */
function inputOf(spec, values, isNew) {
  const input = { id: values.id };
  for (const [name, widget] of spec.fields) {
    const v = values[name];
    if (name === "latitude" || name === "longitude") continue;
    if (widget === "capabilities" || widget === "ids") { input[name] = v; continue; }
    if (v === "" || v === null || v === undefined) {
      if (!isNew && !(spec.keepIfEmpty || []).includes(name)) input[name] = null;
      continue;
    }
    input[name] = v;
  }
  if (values.latitude !== "" && values.longitude !== "") input.location = { latitude: values.latitude, longitude: values.longitude };
  return input;
}

function formHtml(spec, kind, values, isNew) {
  const idBox = fieldBox("id", "text", values.id || "", { readonly: !isNew, label: t("workbench.field.id") });
  const boxes = spec.fields.map(([name, widget, options]) => widget === "capabilities"
    ? capabilityRows(values.capabilities || [])
    : fieldBox(name, widget, values[name], { options, label: t(`workbench.field.${name}`),
      hint: (spec.keepIfEmpty || []).includes(name) && !isNew ? t("workbench.contactHint") : "" }));
  return `<form id="record-form" class="record-form" data-kind="${kind}" data-record-id="${esc(values.id || "")}" novalidate>
    <div class="grid-form">${idBox}${boxes.join("")}</div>
    <p class="field-error" data-error-for="general" hidden></p>
    <div class="actions"><button type="submit" class="primary">${t(isNew ? "workbench.create" : "concept.save")}</button>
    <span id="record-saved" class="ok" role="status" hidden>${t("concept.saved")}</span></div></form>`;
}

/** renderRecordEditor(el, kind, id|null, {showError, onSaved(id)}): the editor, loaded. */
export async function renderRecordEditor(el, kind, id, { showError, onSaved, saved = false }) {
  const spec = REGISTRY[kind];
  const isNew = !id;
  let record = {};
  let audit = [];
  try {
    if (!isNew) {
      const data = await gql(`query($id: ID!) { ${spec.read} }`, { id });
      record = spec.from(data[spec.field]);
      record.nameEn = englishName(record);
      const trail = await gql(AUDIT_QUERY, { target: id, first: 10 });
      audit = trail.auditTrail.edges.map((e) => e.node);
    }
  } catch (e) {
    showError(e);
    return;
  }
  // the heading reads like the list: the Chinese name where there is no English one
  const title = isNew ? t(`workbench.new.${kind}`) : `${esc(nameOf({ ...record, name: record.nameZh }))} <small class="code">${esc(record.id)}</small>`;
  const equipment = kind === "Team" && record.equipment?.length
    ? `<h3>${t("workbench.teamEquipment")}</h3><p class="tags">${record.equipment.map((x) => `<span class="tag">${esc(nameOf(x))} × ${x.quantity ?? "-"} <small>${esc(x.id)}</small></span>`).join(" ")}</p>` : "";
  el.innerHTML = `<h2>${title}</h2>${formHtml(spec, kind, record, isNew)}${equipment}
    ${isNew ? "" : `<h3>${t("planner.audit")}</h3>${auditTable(audit)}`}`;
  const form = el.querySelector("#record-form");
  bindRows(form);
  if (saved) el.querySelector("#record-saved").hidden = false;
  form.addEventListener("input", () => { el.querySelector("#record-saved").hidden = true; form.dataset.dirty = "1"; });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const values = readForm(form, spec.fields);
    const input = inputOf(spec, values, isNew);
    try {
      const mutation = isNew ? spec.create : spec.update;
      const data = await gql(`mutation($input: ${spec.input}!) { ${mutation}(input: $input) { ${PAYLOAD} } }`, { input });
      const out = data[mutation];
      if (out.userErrors.length) { showErrors(form, out.userErrors); return; }
      onSaved(input.id);
      await renderRecordEditor(el, kind, input.id, { showError, onSaved, saved: true });
    } catch (err) {
      showError(err);
    }
  });
}
