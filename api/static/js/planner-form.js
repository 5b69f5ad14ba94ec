// Form pieces shared by the workbench editors (registry records, plans): a labelled field
// with its error line, rows of (id, level) pairs, reading a form into typed values, and
// showing the server's userErrors beside the field they name (`capabilities[1].level`
// shows under the capability rows, on row 2's level input).
//
// Example:
//   form.innerHTML = fieldBox("headcount", "number", 24, { label: t("workbench.field.headcount") });
//   showErrors(form, [{ field: "headcount", message: "应 >= 1，实际为 0" }]);
//   englishName({ nameZh: "测试队", nameEn: "测试队" });   // "" (no English name stored)
import { t } from "./i18n.js";
import { CJK, esc } from "./html.js";

const LEVELS = [1, 2, 3, 4];

/** fieldBox(name, widget, value, {label, options, readonly, hint}): label, input, error line. */
export function fieldBox(name, widget, value, { label, options = [], readonly = false, hint = "" } = {}) {
  const id = `rf-${name}`;
  const v = value ?? "";
  let input;
  if (widget === "select") {
    input = `<select id="${id}" name="${name}">${options.map((o) => `<option value="${o}" ${o === v ? "selected" : ""}>${esc(t(`workbench.option.${o}`))}</option>`).join("")}</select>`;
  } else if (widget === "check") {
    input = `<input id="${id}" name="${name}" type="checkbox" ${v ? "checked" : ""}>`;
  } else if (widget === "textarea" || widget === "ids") {
    const text = Array.isArray(v) ? v.join("\n") : v;
    input = `<textarea id="${id}" name="${name}" rows="${widget === "ids" ? 3 : 2}">${esc(text)}</textarea>`;
  } else {
    const type = widget === "number" ? ` type="number" step="any"` : widget === "date" ? ` type="date"` : "";
    input = `<input id="${id}" name="${name}"${type} value="${esc(v)}" ${readonly ? "readonly" : ""}>`;
  }
  const note = hint ? `<small class="hint" id="${id}-hint">${esc(hint)}</small>` : "";
  return `<div class="field" data-field="${name}"><label for="${id}">${esc(label)}</label>${input}${note}
    <p class="field-error" data-error-for="${name}" id="${id}-error" hidden></p></div>`;
}

// Chinese characters: an English name that holds them is the API's stand-in, not a name.

/** englishName(record): the English name to edit; "" when the record has none. The API
 * answers nameEn with the Chinese name when no English one is stored (lists and reasons
 * then read well), so an English box filled from it would save the Chinese name as the
 * English one. The record shapes keep nameEn optional: an absent one stays empty. */
export function englishName(record) {
  const en = record?.nameEn ?? "";
  return en && en === record.nameZh && CJK.test(en) ? "" : en;
}

/** capabilityRows(list): a table of (capability id, level) rows with add and remove. */
export function capabilityRows(list) {
  const row = (c, i) => `<tr><td><input name="cap-id" value="${esc(c.capability?.id || c.capability || "")}" aria-label="${esc(t("workbench.field.capability"))} ${i + 1}"></td>
    <td><select name="cap-level" aria-label="${esc(t("workbench.field.level"))} ${i + 1}">${LEVELS.map((l) => `<option ${l === c.level ? "selected" : ""}>${l}</option>`).join("")}</select></td>
    <td><button type="button" class="small" data-row="remove">${t("concept.remove")}</button></td></tr>`;
  return `<div class="field wide" data-field="capabilities"><span class="label">${esc(t("workbench.field.capabilities"))}</span>
    <table class="rows" data-testid="capability-rows"><thead><tr><th>${t("workbench.field.capability")}</th><th>${t("workbench.field.level")}</th>
    <th><span class="visually-hidden">${t("col.actions")}</span></th></tr></thead>
    <tbody>${list.map(row).join("")}</tbody></table>
    <template data-row-template>${row({ level: 2 }, list.length)}</template>
    <button type="button" class="small" data-row="add">${t("concept.add")}</button>
    <p class="field-error" data-error-for="capabilities" hidden></p></div>`;
}

/** bindRows(form): the add/remove buttons of every row table in the form. */
export function bindRows(form) {
  form.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-row]");
    if (!b) return;
    if (b.dataset.row === "remove") { b.closest("tr").remove(); return; }
    const box = b.closest(".field");
    const tpl = box.querySelector("template[data-row-template]");
    box.querySelector("tbody").append(tpl.content.cloneNode(true));
    box.querySelector("tbody tr:last-child input, tbody tr:last-child select")?.focus();
  });
}

/** readForm(form, fields): the values, typed (numbers, booleans, id lists, capability rows). */
export function readForm(form, fields) {
  const values = { id: form.elements.id.value.trim() };
  for (const [name, widget] of fields) {
    if (widget === "capabilities") {
      values.capabilities = [...form.querySelectorAll('[data-field="capabilities"] tbody tr')].map((tr) => ({
        capability: tr.querySelector("[name=cap-id]").value.trim(),
        level: parseInt(tr.querySelector("[name=cap-level]").value, 10),
      })).filter((c) => c.capability);
      continue;
    }
    const el = form.elements[name];
    if (widget === "check") values[name] = el.checked;
    else if (widget === "ids") values[name] = el.value.split(/[\s,，;；]+/).map((s) => s.trim()).filter(Boolean);
    else if (widget === "number") values[name] = el.value.trim() === "" ? "" : Number(el.value);
    else values[name] = el.value.trim();
  }
  return values;
}

/** showErrors(form, userErrors): each message under its field (row inputs marked too). */
export function showErrors(form, errors) {
  form.querySelectorAll("[data-error-for]").forEach((p) => { p.hidden = true; p.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((i) => { i.removeAttribute("aria-invalid"); i.removeAttribute("aria-describedby"); });
  let first = null;
  for (const err of errors) {
    const path = err.field || "general";
    const base = path.replace(/^plan\./, "").split(/[.[]/)[0];
    const box = form.querySelector(`[data-error-for="${CSS.escape(path)}"]`)
      || form.querySelector(`[data-error-for="${CSS.escape(base)}"]`)
      || form.querySelector('[data-error-for="general"]');
    // a row's problem says which row and column: "第 3 行 数量：应 >= 1，实际为 0"
    const at = /\[(\d+)\](?:\.(\w+))?$/.exec(path);
    const where = at ? `${t("workbench.row", { n: Number(at[1]) + 1 })}${at[2] ? ` ${t(`workbench.field.${at[2]}`)}` : ""}${t("workbench.colon")}` : "";
    box.textContent = box.hidden ? where + err.message : `${box.textContent} ${where}${err.message}`;
    box.hidden = false;
    const row = /\[(\d+)\](?:\.(\w+))?/.exec(path);
    const input = row
      ? form.querySelectorAll(`[data-field="${base}"] tbody tr`)[Number(row[1])]?.querySelector(row[2] === "level" || row[2] === "quantity" || row[2] === "capabilityLevel" ? `[name$="${row[2] === "level" ? "level" : row[2]}"]` : "input")
      : form.querySelector(`[name="${CSS.escape(base)}"]`);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      if (!box.id) box.id = `err-${base}`;
      input.setAttribute("aria-describedby", box.id);
    }
    first = first || input;
  }
  first?.focus();
}
