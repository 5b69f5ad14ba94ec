// The planner's concept list as an ARIA tree (the authoring practices' tree view): the
// whole tree is one Tab stop (roving tabindex on the current row), the arrow keys move
// within it (Right opens a branch or goes to its first child, Left closes it or goes to
// the parent, Home/End), Enter or Space opens the row's concept; rows are 44 px tall
// where the pointer is coarse (css/app.css).
//
// Example:
//   const tree = treeView(box, { label: "灾种", onOpen: (id) => openConcept(id) });
//   tree.draw(items, { selected: "11A01", label: (c) => nameOf(c), note: (c) => c.id });

/** treeView(box, {label, onOpen}): draws items (with .children) into box; returns {draw, focus}. */
export function treeView(box, { label, onOpen }) {
  let current = null; // the id of the row that holds the Tab stop

  const rows = () => [...box.querySelectorAll("[role=treeitem]")].filter((r) => !r.closest("[role=group][hidden]"));
  const rowOf = (el) => el?.closest?.("[role=treeitem]");

  function moveTo(row) {
    if (!row) return;
    box.querySelectorAll("[role=treeitem][tabindex='0']").forEach((r) => { r.tabIndex = -1; });
    row.tabIndex = 0;
    current = row.dataset.conceptId;
    row.focus();
  }

  function expand(row, open) {
    const group = row.querySelector(":scope > [role=group]");
    if (!group) return false;
    row.setAttribute("aria-expanded", String(open));
    group.hidden = !open;
    return true;
  }

  box.addEventListener("click", (e) => {
    const row = rowOf(e.target);
    if (!row || !box.contains(row)) return;
    e.stopPropagation();
    moveTo(row);
    onOpen(row.dataset.conceptId);
  });

  box.addEventListener("keydown", (e) => {
    const row = rowOf(document.activeElement);
    if (!row || !box.contains(row)) return;
    const list = rows();
    const i = list.indexOf(row);
    const open = row.getAttribute("aria-expanded");
    let handled = true;
    switch (e.key) {
      case "ArrowDown": moveTo(list[i + 1]); break;
      case "ArrowUp": moveTo(list[i - 1]); break;
      case "Home": moveTo(list[0]); break;
      case "End": moveTo(list[list.length - 1]); break;
      case "ArrowRight":
        if (open === "false") expand(row, true);
        else if (open === "true") moveTo(row.querySelector(":scope > [role=group] > [role=treeitem]"));
        break;
      case "ArrowLeft":
        if (open === "true") expand(row, false);
        else moveTo(rowOf(row.parentElement));
        break;
      case "Enter": case " ": onOpen(row.dataset.conceptId); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  function item(c, names, selected) {
    const li = document.createElement("li");
    li.setAttribute("role", "treeitem");
    li.dataset.conceptId = c.id;
    li.tabIndex = -1;
    li.setAttribute("aria-selected", String(c.id === selected));
    const text = document.createElement("span");
    text.className = "tree-row";
    text.append(document.createTextNode(names.label(c)));
    const code = document.createElement("span");
    code.className = "code";
    code.textContent = names.note(c);
    text.append(code);
    li.append(text);
    if (c.children?.length) {
      const ul = document.createElement("ul");
      ul.setAttribute("role", "group");
      ul.append(...c.children.map((x) => item(x, names, selected)));
      li.setAttribute("aria-expanded", "true");
      li.append(ul);
    }
    return li;
  }

  return {
    /** draw(items, {selected, label(c), note(c)}): the rows; the Tab stop stays where it was. */
    draw(items, { selected = null, label: labelOf, note }) {
      const ul = document.createElement("ul");
      ul.setAttribute("role", "tree");
      ul.setAttribute("aria-label", label());
      ul.append(...items.map((c) => item(c, { label: labelOf, note }, selected)));
      box.replaceChildren(ul);
      const all = rows();
      const stop = all.find((r) => r.dataset.conceptId === (current || selected)) || all[0];
      if (stop) stop.tabIndex = 0;
    },
    /** focus(): the current row (after a redraw, where focus would otherwise be lost). */
    focus() { box.querySelector("[role=treeitem][tabindex='0']")?.focus(); },
  };
}
