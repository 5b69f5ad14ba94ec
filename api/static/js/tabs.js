// A tab list as the ARIA authoring practices draw it: the chosen tab is the one Tab stop,
// the arrow keys, Home and End move between tabs and choose (automatic activation).
//
// Example:
//   tablist(document.querySelector("#planner-tabs"), (tab) => pane(tab.dataset.pane));

/** tablist(el, choose(tabButton)): click and keyboard both call choose with the tab. */
export function tablist(el, choose) {
  const tabs = () => [...el.querySelectorAll("[role=tab]")].filter((b) => !b.hidden);
  el.addEventListener("click", (e) => {
    const tab = e.target.closest("[role=tab]");
    if (tab) choose(tab);
  });
  el.addEventListener("keydown", (e) => {
    const list = tabs();
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: list.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = list[(next + list.length) % list.length];
    tab.focus();
    choose(tab);
  });
}

/** select(el, tab): marks tab chosen (aria-selected, the one Tab stop) among el's tabs. */
export function selectTab(el, chosen) {
  el.querySelectorAll("[role=tab]").forEach((b) => {
    b.setAttribute("aria-selected", String(b === chosen));
    b.tabIndex = b === chosen ? 0 : -1;
  });
}
