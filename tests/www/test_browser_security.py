"""The Content-Security-Policy as Chromium enforces it: the main pages run without a single
violation (no inline script or style was left), and the script of the site still works."""

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/recherche/?q=lens", "/territoires/epci/246200364/", "/territoires/epci/246200364/apl/",
         "/territoires/epci/246200364/apl/plus-proche/", "/territoires/epci/246200364/portrait/",
         "/connexion/", "/accessibilite/", "/page/absente/"]

LISTEN = """() => {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation",
    (e) => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
}"""


def test_main_pages_break_no_rule_of_the_policy(server, page):
    page.add_init_script(f"({LISTEN})()")  # injected by the browser itself, before the page's scripts
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    for path in PAGES:
        response = page.goto(server["url"] + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], path
    assert console == []


def test_the_policy_is_enforced_not_only_sent(server, page):
    """An inline script put in a served page is refused by Chromium (the check above can fail)."""
    page.add_init_script(f"({LISTEN})()")
    page.goto(server["url"] + "/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1";
                     document.body.appendChild(s); }""")
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__violations") == ["script-src-elem inline"]


def test_sortable_tables_still_work_under_the_policy(server, page):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    header = page.locator("table.sortable thead th").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
