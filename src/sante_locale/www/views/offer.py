"""Health-supply pages: a professional (year of birth), imports by an administrator."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename

from sante_locale.config import env
from sante_locale.core import clock
from sante_locale.core.sources.errors import SourceError
from sante_locale.offer.imports import importable, read_and_import
from sante_locale.offer.models import Professional
from sante_locale.www.forms_offer import BirthYearForm, ImportForm, upload_max_mb

SHOWN_SET_ASIDE = 200
REPORT_NAME = re.compile(r"^[\w.-]+\.rapport\.csv$")


def _is_admin(user) -> bool:
    return user.is_active and (user.is_staff or user.is_superuser)


def _forbidden(request, what: str):
    return render(request, "www/offer/forbidden.html", {"what": what}, status=403)


@login_required
def professional(request, rpps_id):
    person = get_object_or_404(Professional, rpps_id=rpps_id)
    can_edit = _is_admin(request.user)
    if request.method == "POST":
        if not can_edit:
            return _forbidden(request, "corriger l'année de naissance d'un professionnel")
        form = BirthYearForm(request.POST)
        if form.is_valid():
            person.birth_year = form.cleaned_data["birth_year"]
            person.age_status = "known"
            person.save(update_fields=["birth_year", "age_status"])
            messages.success(request, f"Année de naissance enregistrée : {person.birth_year}.")
            return redirect("offer_professional", rpps_id=person.rpps_id)
    else:
        form = BirthYearForm(initial={"birth_year": person.birth_year})
    activities = person.activities.select_related("site__commune").order_by("pk")
    return render(request, "www/offer/professional.html", {
        "person": person, "activities": activities, "form": form if can_edit else None,
        "age": clock.current_year() - person.birth_year if person.birth_year else None,
    })


def _uploads() -> Path:
    path = env.home() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _reports() -> Path:
    path = env.home() / "rapports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _store_upload(upload, directory: Path) -> Path:
    """Stream the uploaded file, chunk by chunk, under its own (cleaned) name in ``directory``."""
    target = directory / (get_valid_filename(Path(upload.name).name) or "fichier")
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


@login_required
def imports(request):
    if not _is_admin(request.user):
        return _forbidden(request, "importer des fichiers officiels")
    context = {"kinds": importable(), "max_mb": upload_max_mb()}
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            kind, check_only = form.cleaned_data["kind"], form.cleaned_data["check_only"]
            workdir = Path(tempfile.mkdtemp(prefix="import-", dir=_uploads()))
            try:
                path = _store_upload(form.cleaned_data["file"], workdir)
                report = read_and_import(kind, path, check_only=check_only)
            except SourceError as exc:
                context["source_error"] = f"{exc} Rien n'a été modifié dans la base."
                context["source_errors"] = [context["source_error"]]
            else:
                stamp = clock.now().strftime("%Y%m%d-%H%M%S")
                csv_path = report.write_csv(_reports() / f"{stamp}-{kind}-{path.name}.rapport.csv")
                context.update(report=report, lines=report.lines(), csv_name=csv_path.name,
                               set_aside=report.set_aside[:SHOWN_SET_ASIDE], shown=SHOWN_SET_ASIDE)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    else:
        form = ImportForm()
    context["form"] = form
    refused = form.errors or "source_error" in context  # a bad file is a bad request too: a French 400 page
    return render(request, "www/offer/imports.html", context, status=400 if refused else 200)


@login_required
def import_report(request, name):
    if not _is_admin(request.user):
        return _forbidden(request, "télécharger les rapports d'import")
    path = _reports() / name
    if not REPORT_NAME.match(name) or not path.is_file():
        raise Http404("rapport introuvable")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv; charset=utf-8")

