"""The shared data is found beside the checkout; missing, it skips locally and fails in CI."""

from pathlib import Path

import pytest


@pytest.fixture
def absent_shared(shared, monkeypatch, tmp_path):
    """The root conftest's ``shared`` pointed at a ``../shared/data`` that does not exist."""
    monkeypatch.setitem(shared.__globals__, "SHARED_DATA", tmp_path / "shared" / "data")
    return shared


@pytest.mark.parametrize("ci", ["true", "1", "yes", "TRUE"])
def test_missing_shared_data_fails_in_ci(absent_shared, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="fichier partagé absent") as failed:
        absent_shared("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")
    assert "rpps_PS_LibreAcces_Personne_activite_sample.txt" in str(failed.value)


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_missing_shared_data_skips_outside_ci(absent_shared, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="fichier partagé absent"):
        absent_shared("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")


def test_present_file_is_returned_in_ci(shared, monkeypatch, tmp_path):
    data = tmp_path / "shared" / "data"
    (data / "samples").mkdir(parents=True)
    (data / "samples" / "x.txt").write_text("ok")
    monkeypatch.setitem(shared.__globals__, "SHARED_DATA", data)
    monkeypatch.setenv("CI", "true")
    assert shared("samples/x.txt") == data / "samples" / "x.txt"


def test_shared_data_lies_beside_the_checkout(shared):
    root = Path(__file__).resolve().parents[1]
    assert shared.__globals__["SHARED_DATA"] == root.parent / "shared" / "data"


def test_doctests_get_the_same_callable(shared, doctest_namespace):
    assert doctest_namespace["shared"] is shared


MACHINE_PATHS = tuple("/" + top + "/" for top in ("work", "home", "Users")) + ("C:" + "\\",)


def test_no_test_or_doctest_names_a_machine_path():
    """Shared files are reached through ``shared(...)`` only, never by an absolute path."""
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for folder in ("src", "tests", "bench", "scripts", "docs"):
        for path in (root / folder).rglob("*"):
            if path.suffix not in {".py", ".md", ".toml", ".cfg", ".sh", ""} or not path.is_file():
                continue
            if path == Path(__file__).resolve():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for marker in MACHINE_PATHS:
                if marker in text:
                    offenders.append(f"{path.relative_to(root)} : {marker}")
    assert offenders == []
