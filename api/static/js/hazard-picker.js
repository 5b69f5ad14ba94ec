// Hazard picker: search-as-you-type over the hazard taxonomy (zh or en, codes too),
// through the server's hybrid search; chosen hazards become removable chips.
import { gql } from "./api.js";
import { t, nameOf } from "./i18n.js";

const SEARCH = `query HazardSearch($text: String!) {
  search(text: $text, kinds: ["HazardType"], limit: 12) { id name nameZh nameEn score via }
}`;

export function hazardPicker({ input, list, chips, onChange, onError }) {
  const chosen = new Map();
  let options = [];
  let active = -1;
  let timer;
  let seq = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const renderChips = () => {
    chips.replaceChildren(...[...chosen.values()].map((h) => {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.dataset.hazard = h.id;
      chip.textContent = `${nameOf(h)} `;
      const code = document.createElement("small");
      code.textContent = h.id;
      const x = document.createElement("button");
      x.type = "button";
      x.textContent = "×";
      x.setAttribute("aria-label", `${t("scenario.removeHazard")}: ${nameOf(h)}`);
      x.addEventListener("click", () => { chosen.delete(h.id); renderChips(); onChange(); });
      chip.append(code);
      // Read from a report: the words that name it ("山体滑坡"), so the commander sees why.
      if (h.evidence?.length) {
        const ev = document.createElement("q");
        ev.className = "evidence";
        ev.textContent = h.evidence.join(" / ");
        ev.title = t("scenario.evidence");
        chip.append(ev);
      }
      chip.append(x);
      return chip;
    }));
  };
  const choose = (h) => {
    chosen.set(h.id, h);
    input.value = "";
    close();
    renderChips();
    onChange();
  };
  const renderOptions = () => {
    list.replaceChildren(...options.map((h, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = `hazard-option-${i}`;
      li.dataset.hazard = h.id;
      li.setAttribute("aria-selected", String(i === active));
      const other = nameOf(h) === h.nameZh ? h.nameEn : h.nameZh;
      li.innerHTML = "";
      li.append(document.createTextNode(nameOf(h)));
      const code = document.createElement("span");
      code.className = "code";
      code.textContent = `${h.id} · ${other}`;
      li.append(code);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(h); });
      return li;
    }));
    if (!options.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      li.textContent = t("scenario.noHazard");
      list.append(li);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    // The highlighted option is announced while focus stays in the text field.
    if (active >= 0 && options[active]) {
      input.setAttribute("aria-activedescendant", `hazard-option-${active}`);
      list.children[active]?.scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  const lookup = async () => {
    const text = input.value.trim();
    if (!text) { close(); return; }
    const mine = ++seq;
    try {
      const data = await gql(SEARCH, { text });
      if (mine !== seq) return;
      options = data.search;
      active = options.length ? 0 : -1;
      renderOptions();
    } catch (e) {
      close();
      onError(e);
    }
  };
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 180); });
  input.addEventListener("blur", () => setTimeout(close, 150));
  // Typed while the view was still starting (before this listener existed): look it up now.
  if (input.value.trim()) timer = setTimeout(lookup, 0);
  input.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : -1) + options.length) % Math.max(options.length, 1);
      renderOptions();
    } else if (e.key === "Enter" && active >= 0 && options[active]) {
      e.preventDefault();
      choose(options[active]);
    } else if (e.key === "Escape") {
      close();
    }
  });
  return {
    codes: () => [...chosen.keys()],
    chosen: () => [...chosen.values()],
    add: choose,
    remove: (id) => { if (chosen.delete(id)) renderChips(); },
    relabel: renderChips,
  };
}
