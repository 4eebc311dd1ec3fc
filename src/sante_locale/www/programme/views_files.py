"""Files of a programme: the annual review (page, DOCX, PDF), the workbook (export, import).
HTTP only: the programme app gathers and writes."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from sante_locale.programme import review as reviews
from sante_locale.programme.workbook import (
    WorkbookInvalid,
    export_programme,
    file_name,
    import_programme,
)
from sante_locale.www.programme import presenters
from sante_locale.www.programme.access import must_change, readable_programme
from sante_locale.www.programme.forms import ImportForm
from sante_locale.www.views.units import NotFound


def _year(request) -> int:
    year = request.GET.get("annee", "")
    return int(year) if year.isdigit() and 1990 <= int(year) <= 2100 else presenters.default_year()


def review_page(request, pk):
    dispositif, programme = readable_programme(request, pk)
    must_change(request, "programme.view_annual_review", dispositif, "voir le bilan annuel de ce dispositif")
    year = _year(request)
    review = reviews.gather(dispositif, year)
    context = presenters.frame(request, dispositif, programme, "programme_review")
    context.update(reviews.page_context(review), year=year,
                   years=list(range((programme.starts_year or year) - 1, presenters.default_year() + 2)))
    return render(request, "www/programme/review.html", context)


def review_file(request, pk, year, fmt):
    dispositif, programme = readable_programme(request, pk)
    must_change(request, "programme.view_annual_review", dispositif, "télécharger le bilan annuel de ce dispositif")
    if fmt not in reviews.FORMATS:
        raise NotFound(f"Format « {fmt} » inconnu : docx ou pdf.")
    if not 1990 <= year <= 2100:
        raise NotFound("Année hors de la période prévue (1990 à 2100).")
    out = io.BytesIO()
    reviews.write(reviews.gather(dispositif, year), fmt, out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=reviews.file_name(dispositif, year, fmt),
                        content_type=reviews.FORMATS[fmt])


def export(request, pk):
    dispositif, programme = readable_programme(request, pk)
    must_change(request, "programme.export_programme", programme, "exporter ce programme")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "programme.xlsx"
        export_programme(programme, path)
        data = path.read_bytes()
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{file_name(dispositif)}"'
    return response


@login_required
def import_page(request, pk):
    dispositif, programme = readable_programme(request, pk)
    must_change(request, "programme.import_programme", programme, "modifier le programme de ce dispositif par un import")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, report = [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with path.open("wb") as f:
                for chunk in upload.chunks():
                    f.write(chunk)
            try:
                report = import_programme(dispositif, path, user=request.user, dry_run=form.cleaned_data["dry_run"])
            except WorkbookInvalid as exc:
                problems = exc.problems
        if report and not report.dry_run:
            messages.success(request, "Programme importé : " + " ; ".join(report.lines()) + ".")
    context = presenters.frame(request, dispositif, programme, "programme")
    context.update(form=form, problems=problems, report=report)
    return render(request, "www/programme/import.html", context, status=400 if problems or form.errors else 200)
