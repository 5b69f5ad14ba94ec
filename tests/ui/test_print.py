"""The printed recommendation is one A4 page: the package, the gaps and the plans, without
the candidates; Chromium prints it to PDF and the PDF is read back."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pdfminer.high_level import extract_text
from pdfminer.pdfpage import PDFPage
from playwright.sync_api import Page

from tests.ui.conftest import LiveApp
from tests.ui.test_commander import pick_quake_in_chengdu, recommend, sign_in


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_recommendation_prints_on_one_a4_page(page: Page, live_app: LiveApp, lang: str) -> None:
    sign_in(page, live_app, "commander")
    if lang == "en":
        page.click("#lang-toggle")
    pick_quake_in_chengdu(page)  # the largest scenario of the demo: many needs and plans
    page.check("#levels input[value=I]", force=True)
    recommend(page)
    first = page.locator("[data-testid=force-package] tbody tr th strong").first.inner_text()
    last = page.locator("[data-testid=force-package] tbody tr th strong").last.inner_text()
    candidate = page.locator("[data-testid=candidates] tbody tr th strong").first.inner_text()
    plan = page.locator("[data-testid=plans] > li > strong").first.inner_text()
    # On the dense demo this scenario may leave no gap: a gap, when there is one, is printed.
    gaps = page.locator("[data-testid=gaps] .tag.gap")
    gap = [gaps.first.inner_text()] if gaps.count() else []

    pdf = page.pdf(format="A4", print_background=True)
    pages = list(PDFPage.get_pages(io.BytesIO(pdf)))
    # NFKC: the PDF's ligatures (ﬁ) back to letters
    text = " ".join(unicodedata.normalize("NFKC", extract_text(io.BytesIO(pdf))).split())
    print(f"print ({lang}): {len(pages)} page(s), {len(pdf)} bytes, {len(text)} characters")
    assert len(pages) == 1, f"the recommendation prints on {len(pages)} pages"
    title = "救援力量推荐" if lang == "zh" else "Force recommendation"
    for expected in (title, first, last, plan, *gap):
        assert " ".join(expected.split()) in text, f"{expected!r} is not in the print: {text[:600]}"
    assert candidate not in text, "candidates are left out of the print"
