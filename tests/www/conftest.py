"""Fixtures for page tests in a real headless Chromium (Debian's), against the real
`sante-locale serve` on a prepared SQLite database (Pas-de-Calais and Nord, demo supply)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SANTE_LOCALE_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _command(*words):
    exe = shutil.which("sante-locale") or os.path.join(os.path.dirname(sys.executable), "sante-locale")
    return [exe, *words]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required for page tests: {CHROMIUM} is missing (scripts/test installs it)")
    home = tmp_path_factory.mktemp("navigateur")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    town_port = _free_port()  # a town's website, the one origin allowed to embed the directory
    env.update(SANTE_LOCALE_HOME=str(home), DJANGO_SETTINGS_MODULE="sante_locale.config.dev",
               SANTE_LOCALE_EMBED_ORIGINS=f"http://127.0.0.1:{town_port}")
    subprocess.run(_command("import", "referentiel", "--departements", "62,59"), env=env, check=True,
                   capture_output=True, timeout=300)
    subprocess.run(_command("demo", "--no-serve"), env=env, check=True, capture_output=True, timeout=300)
    username, password = (home / "identifiants-demo.txt").read_text().strip().split(":", 1)
    subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                    "from django.contrib.auth import get_user_model; "
                    "get_user_model().objects.create_superuser('admin', 'admin@example.org', 'mot-de-passe-admin')"],
                   env=env, check=True, capture_output=True, timeout=120)
    port = _free_port()
    log_path = home / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(_command("serve", "--port", str(port)), env=env, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        process.kill()
        log.close()
        pytest.fail("the server did not start: " + log_path.read_text())
    yield {"url": f"http://127.0.0.1:{port}", "username": username, "password": password, "town_port": town_port,
           "admin": ("admin", "mot-de-passe-admin"), "home": home}
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    # evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline scripts
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe():
    """``axe(page)`` lists the serious or critical axe-core violations of the page."""
    return serious_violations
