"""The annual review: the DOCX opened back with python-docx (Word headings, tables,
figures), the PDF's text read back with pypdf and compared with the page, and the CLI."""

import datetime as dt
import html as html_lib
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from docx import Document
from pypdf import PdfReader

from sante_locale.cli import main
from sante_locale.coordination.factories import BodyFactory, DecisionFactory, MeetingFactory
from sante_locale.core.formats import plain
from sante_locale.programme import review

pytestmark = pytest.mark.django_db
SECTIONS = ["Le dispositif", "Programme et avancement", "Indicateurs", "Budget", "Décisions de l'année",
            "Grille d'autoévaluation", "Lentille inégalités"]


@pytest.fixture
def decision(cls):
    body = BodyFactory(name="COPIL du CLS d'essai", dispositifs=[cls["dispositif"]])
    meeting = MeetingFactory(body=body, starts_at=dt.datetime(2025, 6, 12, 14, tzinfo=ZoneInfo("Europe/Paris")))
    return DecisionFactory(meeting=meeting, text="Lancer l'appel à projets nutrition.")


def _docx(cls, year=2025) -> Document:
    out = io.BytesIO()
    review.write(review.gather(cls["dispositif"], year), "docx", out)
    return Document(io.BytesIO(out.getvalue()))


def test_docx_has_word_headings_tables_and_figures(cls, decision):
    doc = _docx(cls)
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Bilan annuel 2025 — CLS de Lens d'essai")
    assert [t for s, t in headings if s == "Heading 1"] == SECTIONS
    indicator_headings = [t for s, t in headings if s == "Heading 2"]
    assert len(indicator_headings) == 8 and indicator_headings[0] == "T1 — Taux de pauvreté (seuil à 60 %)"
    assert indicator_headings[1] == "P1 — Personnes touchées par l'action — participants"
    actions = doc.tables[0]
    assert [c.text for c in actions.rows[0].cells] == ["Code", "Intitulé", "Axe", "Statut", "Pilotes", "Période"]
    assert len(actions.rows) == 8 and actions.rows[1].cells[0].text == "1.1.1"
    texts = [[plain(c.text) for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Financeur", "Prévu", "Obtenu"] in texts
    assert any(row[0] == "Total" and row[1] == "70 004 €" for row in texts)  # 7 actions × 10 000,50 €
    assert any("Lancer l'appel à projets nutrition." in row for row in texts)
    assert any(row[:2] == ["Politique", "3 (en place)"] for row in texts)
    # figures: the calendar, one chart per indicator, the radar — real PNG pictures with a caption
    assert len(doc.inline_shapes) == 1 + 8 + 1
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure")]
    assert captions[0] == "Figure 1 : Calendrier des actions" and len(captions) == 10
    blob = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert doc.part.related_parts[blob].blob.startswith(b"\x89PNG")


def test_docx_says_fictive_for_a_demo_dispositif(cls):
    cls["dispositif"].is_demo = True
    cls["dispositif"].save()
    text = "\n".join(p.text for p in _docx(cls).paragraphs)
    assert "Données fictives" in text


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


def test_pdf_text_matches_the_page(cls, decision):
    client = Client()
    client.force_login(cls["coordinator"])
    pk = cls["dispositif"].pk
    page = client.get(f"/dispositifs/{pk}/programme/bilan/?annee=2025")
    assert page.status_code == 200
    pdf = client.get(f"/dispositifs/{pk}/programme/bilan/2025.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _normal(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages))
    data = review.gather(cls["dispositif"], 2025)
    html = _normal(plain(html_lib.unescape(page.content.decode())))
    sentences = [*data.progress, data.budget_summary, data.grid_summary, data.lens_summary,
                 *(b.summary for b in data.indicators)]
    assert len(sentences) > 10
    for sentence in sentences:
        assert _normal(sentence) in html, sentence
        assert _normal(sentence) in text, sentence
    for heading in SECTIONS:
        assert heading in text
    assert "Lancer l'appel à projets nutrition." in text


def test_review_file_names_and_bad_format(cls):
    client = Client()
    client.force_login(cls["partner"])
    pk = cls["dispositif"].pk
    response = client.get(f"/dispositifs/{pk}/programme/bilan/2025.docx")
    assert response.status_code == 200
    assert 'filename="bilan-2025-cls-de-lens-dessai.docx"' in response["Content-Disposition"]
    assert client.get(f"/dispositifs/{pk}/programme/bilan/2025.odt").status_code == 404


def test_cli_writes_the_review_and_refuses_an_outsider(cls, tmp_path, capsys):
    target = tmp_path / "bilan.docx"
    pk = str(cls["dispositif"].pk)
    assert main(["bilan", pk, "--annee", "2025", "--format", "docx", "-o", str(target)]) == 0
    assert Document(str(target)).paragraphs[0].text.startswith("Bilan annuel 2025")
    assert main(["bilan", "CLS de Lens d'essai", "--annee", "2025", "--format", "pdf", "-o",
                 str(tmp_path / "b.pdf"), "--utilisateur", "partenaire-cls"]) == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert main(["bilan", pk, "--annee", "2025", "-o", str(tmp_path / "x.docx"),
                 "--utilisateur", "coordinateur-voisin"]) == 2
    assert "Vous n'avez pas le droit de produire le bilan annuel" in plain(capsys.readouterr().err)
    assert not (tmp_path / "x.docx").exists()
    assert main(["bilan", "Inconnu", "--annee", "2025", "-o", str(tmp_path / "y.docx")]) == 2
    assert "Dispositif « Inconnu » inconnu" in plain(capsys.readouterr().err)
