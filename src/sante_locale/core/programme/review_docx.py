"""The annual review as a Word document (DOCX), with python-docx: real Word headings
(« Titre 1 », « Titre 2 »: the navigation pane and the table of contents work), real tables
the coordinator can edit, and the charts as pictures (the SVG of ``core.charts`` converted to
PNG by CairoSVG), each followed by its caption.

Examples
--------
>>> import io
>>> from docx import Document
>>> from sante_locale.core.programme.review import AnnualReview
>>> out = io.BytesIO()
>>> write_docx(AnnualReview({"name": "CLS d'essai"}, 2025, "03/12/2026"), out)
>>> doc = Document(io.BytesIO(out.getvalue()))
>>> doc.paragraphs[0].text, doc.paragraphs[0].style.name
("Bilan annuel 2025 — CLS d'essai", 'Title')
"""

from __future__ import annotations

import io

from sante_locale.core import charts
from sante_locale.core.programme.review import AnnualReview, ReviewTable

__all__ = ["svg_to_png", "write_docx"]

FICTIVE = ("Données fictives : ce bilan décrit un scénario de démonstration ; aucun chiffre ne décrit un "
           "dispositif réel.")


def svg_to_png(svg: str, width_px: int = 1280) -> bytes:
    """A PNG of an SVG chart (``width_px`` wide), for documents that take no SVG."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width_px)


def _table(doc, table: ReviewTable) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if table.caption:
        doc.add_paragraph(table.caption, style="Caption")
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    for n, header in enumerate(table.headers):
        cell = grid.rows[0].cells[n]
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for n, value in enumerate(row):
            cells[n].text = value
            if n in table.numeric:
                cells[n].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def _figure(doc, chart, number: list[int]) -> None:
    from docx.shared import Cm

    if chart is None:
        return
    doc.add_picture(io.BytesIO(svg_to_png(charts.render(chart, 760))), width=Cm(16))
    number[0] += 1
    doc.add_paragraph(f"Figure {number[0]} : {chart.title}", style="Caption")


def write_docx(review: AnnualReview, target) -> None:
    """Write ``review`` as DOCX to ``target`` (a path or a binary file object)."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = review.title
    doc.core_properties.author = "Santé Locale"
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.add_heading(review.title, level=0)
    doc.add_paragraph(f"Établi le {review.generated_on} avec Santé Locale. Document modifiable.")
    if review.fictive:
        warning = doc.add_paragraph()
        warning.add_run(FICTIVE).bold = True
    figures = [0]

    doc.add_heading("Le dispositif", level=1)
    for label, value in review.facts:
        p = doc.add_paragraph(style="List Bullet")
        p.add_run(f"{label} : ").bold = True
        p.add_run(value)

    doc.add_heading("Programme et avancement", level=1)
    for sentence in review.progress:
        doc.add_paragraph(sentence)
    if review.actions:
        _table(doc, review.actions)
    _figure(doc, review.timeline, figures)

    doc.add_heading("Indicateurs", level=1)
    if not review.indicators:
        doc.add_paragraph("Aucun indicateur n'est encore suivi.")
    for block in review.indicators:
        doc.add_heading(f"{block.code} — {block.label}", level=2)
        doc.add_paragraph(f"{block.kind_label}. {block.summary}")
        _table(doc, block.table)
        _figure(doc, block.chart, figures)

    doc.add_heading("Budget", level=1)
    doc.add_paragraph(review.budget_summary)
    if review.budget:
        _table(doc, review.budget)

    doc.add_heading("Décisions de l'année", level=1)
    if review.decisions and review.decisions.rows:
        _table(doc, review.decisions)
    else:
        doc.add_paragraph(f"Aucune décision enregistrée en {review.year}.")

    doc.add_heading("Grille d'autoévaluation", level=1)
    doc.add_paragraph(review.grid_summary)
    if review.grid:
        _table(doc, review.grid)
    _figure(doc, review.grid_chart, figures)

    doc.add_heading("Lentille inégalités", level=1)
    doc.add_paragraph(review.lens_summary)
    if review.lens:
        _table(doc, review.lens)
    doc.save(target)
