"""The commander's main path by keyboard alone (hazard, place, level, recommend, read the
package, why this team, exclude, export, print) and by touch at 1024 px (every control
at least 44 x 44 px, Exclude and Mark deployed apart)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.ui.conftest import LiveApp
from tests.ui.test_commander import QUAKE, pick_quake_in_chengdu, recommend, sign_in, wait_for_run

TOUCH_PX = 44
# What the keyboard path reaches, as CSS: controls a commander uses on the commander view.
CONTROLS = (
    "#view-commander button, #view-commander input:not([type=radio]), #view-commander select,"
    " #view-commander summary, #view-commander .levels span, #view-commander textarea,"
    " .topbar button, .leaflet-control-zoom a"
)


def focused(page: Page) -> str:
    """The focused element as '#id' or 'tag[data-action=...]' (for messages)."""
    return str(
        page.evaluate(
            "() => { const e = document.activeElement; return e.id ? '#' + e.id :"
            " e.tagName.toLowerCase()"
            " + (e.dataset.action ? `[data-action=${e.dataset.action}]` : '')"
            " + (e.dataset.teamId ? `[${e.dataset.teamId}]` : ''); }"
        )
    )


def tab_to(page: Page, selector: str, limit: int, back: bool = False) -> int:
    """Presses Tab (Shift+Tab) until the element matching selector has focus; the count."""
    for n in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return n
    raise AssertionError(f"{selector} not reached in {limit} Tab presses (at {focused(page)})")


def test_the_main_path_by_keyboard_alone(page: Page, live_app: LiveApp) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, live_app, "commander")
    page.reload()  # from the top of a freshly loaded page, as a keyboard user starts
    expect(page.locator("#view-commander")).to_have_attribute("data-ready", "true")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")

    # The skip link is the first Tab stop and lands in the form.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-links a").first).to_be_focused()
    page.keyboard.press("Enter")
    tab_to(page, "#hazard-search", 12)
    page.keyboard.type("地震")
    combo = page.locator("#hazard-search")
    expect(combo).to_have_attribute("aria-expanded", "true")
    active = combo.get_attribute("aria-activedescendant") or ""
    assert active, "the highlighted option is announced through aria-activedescendant"
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    while (
        page.locator(f"#{combo.get_attribute('aria-activedescendant')}").get_attribute(
            "data-hazard"
        )
        != QUAKE
    ):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator(f"#hazard-chips [data-hazard='{QUAKE}']")).to_be_visible()

    tab_to(page, "#lat", 6)
    page.keyboard.type("30.66")
    page.keyboard.press("Tab")
    page.keyboard.type("104.07")
    tab_to(page, "#levels input:checked", 4)
    page.keyboard.press("ArrowUp")  # III -> II, as a radio group does
    expect(page.locator("#levels input[value=II]")).to_be_checked()
    to_recommend = tab_to(page, "#recommend", 4)
    runs = int(page.locator("#results").get_attribute("data-runs") or 0)
    page.keyboard.press("Enter")
    wait_for_run(page, runs + 1)

    # Focus on the results heading; only the short status is announced.
    heading = page.locator("#results-heading")
    expect(heading).to_be_focused()
    expect(heading).to_have_text(re.compile(r"^\d+ 支队伍，(\d+ 项缺口|无缺口)$"))
    expect(page.locator("#results-status")).to_have_text(heading.inner_text())
    assert page.locator("#results-body[aria-live], #results[aria-live]").count() == 0

    first = page.locator("[data-testid=force-package] tbody tr").first
    team = first.get_attribute("data-team-id") or ""
    stops = tab_to(page, f"button[data-action=why][data-team-id='{team}']", 8)
    print(f"Tab stops: {to_recommend} level -> Recommend, {stops} results -> first team")
    page.keyboard.press("Enter")
    expect(page.locator("#explanation-title")).to_be_focused()
    name = first.locator("th strong").inner_text()
    expect(page.locator("#explanation-title")).to_contain_text(name)
    expect(page.locator("[data-testid=explanation-tree] li").first).to_be_visible()

    # Exclude that team: back to its row by Shift+Tab, the package runs again without it.
    # The dense demo's package for this quake holds many teams: up to 80 stops back.
    tab_to(page, f"button[data-action=exclude][data-team-id='{team}']", 80, back=True)
    runs = int(page.locator("#results").get_attribute("data-runs") or 0)
    page.keyboard.press("Enter")
    wait_for_run(page, runs + 1)
    expect(page.locator(f"#excluded [data-excluded='{team}']")).to_be_visible()
    assert team not in (page.locator("#results").get_attribute("data-package-ids") or "")
    expect(heading).to_be_focused()

    tab_to(page, "button[data-action=export-json]", 3)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".json")
    page.keyboard.press("Tab")
    expect(page.locator("button[data-action=print]")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1


def test_map_shapes_are_out_of_the_tab_order_and_mirrored_by_a_list(
    page: Page, live_app: LiveApp
) -> None:
    sign_in(page, live_app, "commander")
    pick_quake_in_chengdu(page)
    recommend(page)
    tabbable = page.evaluate(
        "() => [...document.querySelectorAll('#map path, #map .leaflet-interactive')]"
        ".filter(e => e.tabIndex >= 0).length"
    )
    assert tabbable == 0, f"{tabbable} map shapes are Tab stops"
    markers = page.locator("#map path[data-team-id]").count()
    listed = page.locator("#map-list button[data-team-id]")
    assert listed.count() == markers > 0, "every team on the map is in the list"
    page.locator("#map-list summary").click()
    other = listed.nth(1)
    team = other.get_attribute("data-team-id")
    other.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#explanation-title")).to_be_focused()
    expect(page.locator(f"tr[data-team-id='{team}'] button[data-action=why]")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_every_control_on_the_main_path_is_touch_sized_at_1024(
    page: Page, live_app: LiveApp
) -> None:
    page.set_viewport_size({"width": 1024, "height": 768})
    sign_in(page, live_app, "commander")
    pick_quake_in_chengdu(page)
    page.click("#levels label:has(input[value=II]) span")
    expect(page.locator("#levels input[value=II]")).to_be_checked()
    recommend(page)
    page.fill("#hazard-search", "洪水")  # the open suggestion list is measured too
    expect(page.locator("#hazard-options li").first).to_be_visible()
    small = page.evaluate(
        """([sel, px]) => [...document.querySelectorAll(sel + ', #hazard-options li')]
          .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
          .map(e => { const r = e.getBoundingClientRect();
            return { what: e.id || e.dataset.action || e.textContent.trim().slice(0, 20),
                     w: Math.round(r.width), h: Math.round(r.height) }; })
          .filter(b => b.w < px - 0.5 || b.h < px - 0.5)""",
        [CONTROLS, TOUCH_PX],
    )
    assert not small, f"controls under {TOUCH_PX} x {TOUCH_PX} px at 1024 px: {small}"
    gap = page.evaluate(
        """() => { const row = document.querySelector('[data-testid=force-package] tbody tr');
          const a = row.querySelector('[data-action=exclude]').getBoundingClientRect();
          const b = row.querySelector('[data-action=deploy]')?.getBoundingClientRect();
          return b ? b.top - a.bottom : null; }"""
    )
    assert gap is None or gap >= 8, f"Exclude and Mark deployed are {gap} px apart"
    # Nothing needs a sideways scroll: the actions are inside the window.
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-action=exclude]')]"
        ".map(b => b.getBoundingClientRect().right))"
    )
    assert right <= 1024, f"an Exclude button ends at {right} px"
