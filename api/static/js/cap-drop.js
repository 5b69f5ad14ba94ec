// Drop a CAP alert (or an Atom feed of alerts) on the commander page: importCapAlert reads
// it into an incident draft, which fills the scenario form the way "Read report" does —
// the alert's text goes into the report box and is read there (hazards with evidence, the
// place), coded hazards (GB/T 35561 / SAME eventCodes) are added, the draft's location and
// suggested level are applied; a panel shows the alert, the level's grounds, the notes and
// any problem (in the page's language). Every field stays editable.
import { gql } from "./api.js";
import { t, lang, nameOf } from "./i18n.js";
import { esc } from "./html.js";

const IMPORT = `mutation ImportCap($input: ImportCapAlertInput!) {
  importCapAlert(input: $input) {
    kind
    entries { position label status importedAt
      draft { identifier sender sent name description suggestedLevel areaDescription
        hazards { hazard { id name nameZh nameEn } via evidence { text } }
        hazardChoices { id name nameZh nameEn }
        location { latitude longitude }
        regions { id name nameZh nameEn rank }
        levelReasons { text } notes { text } }
      problems { text } }
    userErrors { field message }
  }
}`;
const MAX_FILE_BYTES = 2_000_000;
const $ = (id) => document.getElementById(id);

function panel() {
  let p = $("cap-draft");
  if (!p) {
    p = document.createElement("section");
    p.id = "cap-draft";
    p.className = "cap-draft";
    p.setAttribute("aria-live", "polite");
    p.dataset.testid = "cap-draft";
    $("report-result").before(p);
  }
  return p;
}

function list(items) {
  return items.length ? `<ul>${items.map((x) => `<li>${esc(x)}</li>`).join("")}</ul>` : "";
}

function render(payload) {
  const p = panel();
  const parts = [`<h3>${esc(t("cap.title"))}</h3>`, `<p class="hint" data-i18n="cap.hint">${esc(t("cap.hint"))}</p>`];
  for (const e of payload.userErrors.filter((u) => u.field === "xml")) {
    parts.push(`<p class="error" data-testid="cap-error">${esc(e.message)}</p>`);
  }
  for (const e of payload.entries) {
    const d = e.draft;
    const head = `${esc(t(`cap.status.${e.status}`))} · ${esc(e.label)}`;
    if (!d) {
      parts.push(`<p data-testid="cap-entry">${head}</p>${list(e.problems.map((x) => x.text))}`);
      continue;
    }
    const regions = d.regions.map((r) => nameOf(r)).join(" < ");
    parts.push(`<div data-testid="cap-entry" data-status="${esc(e.status)}">
      <p><strong data-testid="cap-name">${esc(d.name)}</strong> <small>${head}</small></p>
      <dl>
        <dt>${esc(t("cap.sender"))}</dt><dd>${esc(d.sender)} · ${esc(d.sent || "")}</dd>
        <dt>${esc(t("cap.hazards"))}</dt><dd data-testid="cap-hazards">${esc(d.hazards.map((h) => `${h.hazard.id} ${nameOf(h.hazard)}`).join(lang() === "en" ? ", " : "、") || t("cap.none"))}</dd>
        <dt>${esc(t("cap.area"))}</dt><dd>${esc(d.areaDescription || t("cap.none"))}${regions ? ` (${esc(regions)})` : ""}</dd>
        <dt>${esc(t("cap.level"))}</dt><dd data-testid="cap-level">${esc(d.suggestedLevel || t("cap.none"))}</dd>
      </dl>
      ${list(d.levelReasons.map((r) => r.text))}${list(d.notes.map((r) => r.text))}
    </div>`);
  }
  p.innerHTML = parts.join("");
}

function fill(draft, { picker, locate }) {
  $("description").value = draft.description;
  for (const h of draft.hazards) if (h.via === "code") picker.add({ ...h.hazard, evidence: [] });
  if (draft.location) {
    const region = draft.regions[0] || { id: "", name: draft.areaDescription };
    locate({ location: draft.location, region });
  }
  const radio = draft.suggestedLevel && document.querySelector(`input[name=level][value="${draft.suggestedLevel}"]`);
  if (radio) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); }
  $("report-read").click();  // the report box reads the alert's text: evidence, place, facts
}

async function importFile(file, deps) {
  if (file.size > MAX_FILE_BYTES) { deps.showError(new Error(t("cap.tooLarge"))); return; }
  const xml = await file.text();
  const p = panel();
  p.setAttribute("aria-busy", "true");
  p.textContent = t("cap.reading");
  try {
    const data = await gql(IMPORT, { input: { xml, locale: lang() === "en" ? "EN" : "ZH" } });
    render(data.importCapAlert);
    const first = data.importCapAlert.entries.find((e) => e.draft);
    if (first) fill(first.draft, deps);
  } catch (e) {
    p.textContent = "";
    deps.showError(e);
  } finally {
    p.setAttribute("aria-busy", "false");
    p.dataset.imports = String(Number(p.dataset.imports || 0) + 1);  // tests wait on it
  }
}

/** initCapDrop({picker, locate, showError}): a CAP file dropped anywhere on the commander
 * view (#view-commander, else the page) is imported and fills the form. */
export function initCapDrop(deps) {
  panel().innerHTML = `<p class="hint" data-i18n="cap.hint">${esc(t("cap.hint"))}</p>`;
  const zone = document.getElementById("view-commander") || document.body;
  zone.addEventListener("dragover", (e) => {
    if ([...(e.dataTransfer?.types || [])].includes("Files")) { e.preventDefault(); zone.classList.add("cap-drop-over"); }
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("cap-drop-over"));
  zone.addEventListener("drop", (e) => {
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    e.preventDefault();
    zone.classList.remove("cap-drop-over");
    importFile(file, deps);
  });
}
