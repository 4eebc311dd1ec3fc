"""The Portrait tab in headless Chromium: content, download buttons, axe-core."""

import pytest

pytestmark = pytest.mark.browser


def test_portrait_tab_and_downloads(server, page, axe, tmp_path):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    page.get_by_role("link", name="Portrait", exact=True).click()
    page.wait_for_url("**/portrait/")
    assert page.locator("h1").inner_text().startswith("Portrait de territoire")
    assert page.locator("#titre-retenir + ul li").count() >= 3
    assert page.locator("svg.map").count() == 2
    assert page.locator("figure.chart svg").count() >= 2
    assert page.locator("table.communes-table tbody tr").count() == 36
    assert axe(page) == []
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("gpkg", b"SQLite format 3"), ("csv", "\ufeff".encode())):
        with page.expect_download() as info:
            page.locator(f"a[href$='portrait.{fmt}']").click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        assert target.read_bytes().startswith(magic), fmt
        assert download.suggested_filename.startswith("portrait-communaute-dagglomeration-de-lens-lievin")


def test_portrait_peer_comparison(server, page, axe):
    page.goto(server["url"] + "/territoires/epci/246200364/portrait/")
    page.get_by_label("Comparer aussi avec (code d’un territoire)").fill("epci:246200299")
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url("**pair=epci**")
    assert "Hénin-Carvin" in page.locator("table.figures").first.inner_text()
    assert axe(page) == []
