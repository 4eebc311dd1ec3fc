"""Production settings: ``check --deploy`` reports nothing, secrets come from the environment
only (French refusal otherwise), logs are JSON lines."""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys

from scratch_db import sante_locale

from sante_locale.core.formats import plain

PG_URL = "postgres://sante:motdepasse@127.0.0.1:5432/sante_locale"


def _env(tmp_path, **values):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SANTE_LOCALE_", "DATABASE_URL", "DJANGO_"))}
    env.update(SANTE_LOCALE_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="sante_locale.config.production")
    env.update(values)
    return env


def _django_admin(env, *args):
    admin = os.path.join(os.path.dirname(sys.executable), "django-admin")
    result = subprocess.run([admin, *args], env=env, capture_output=True, text=True, timeout=120)
    result.stdout, result.stderr = plain(result.stdout), plain(result.stderr)
    return result


def test_check_deploy_reports_no_warning(tmp_path):
    env = _env(tmp_path, SANTE_LOCALE_SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=PG_URL,
               SANTE_LOCALE_ALLOWED_HOSTS="sante.example.fr")
    result = _django_admin(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # no secret file written: the key comes from the environment
    # the same check sees a weak setting (so the test above can fail)
    weak = _django_admin(dict(env, SANTE_LOCALE_HSTS_SECONDS="0"), "check", "--deploy", "--fail-level", "WARNING")
    assert weak.returncode == 1 and "security.W004" in weak.stderr


def test_production_refuses_to_start_without_its_secrets_in_french(tmp_path):
    result = _django_admin(_env(tmp_path), "check", "--deploy")
    assert result.returncode == 1
    assert "Démarrage en production refusé : SANTE_LOCALE_SECRET_KEY est vide" in result.stderr
    assert "DATABASE_URL doit désigner une base PostgreSQL" in result.stderr
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]

    served = subprocess.run([sante_locale(), "serve", "--production", "--port", "1"], capture_output=True,
                            text=True, timeout=120, env=_env(tmp_path, DATABASE_URL=PG_URL, SANTE_LOCALE_DEBUG="1"))
    assert served.returncode == 2
    assert plain(served.stderr) == (
        "Erreur : démarrage en production refusé :\n"
        "  - SANTE_LOCALE_SECRET_KEY est vide : fixez une clé secrète longue et aléatoire, par exemple la sortie "
        "de « python3 -c 'import secrets; print(secrets.token_urlsafe(50))' », gardée hors du dépôt (fichier "
        "d'environnement du service, droits 600)\n"
        "  - SANTE_LOCALE_DEBUG=1 est interdit en production (il montrerait le détail des erreurs)\n"
        "Voir docs/deploiement.md.\n")


def test_a_wrong_number_in_a_setting_is_named_in_french(tmp_path):
    env = _env(tmp_path, SANTE_LOCALE_SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=PG_URL,
               SANTE_LOCALE_SESSION_IDLE_MINUTES="une heure")
    result = _django_admin(env, "check")
    assert result.returncode == 1
    assert ("La variable SANTE_LOCALE_SESSION_IDLE_MINUTES vaut « une heure » : un nombre entier est attendu "
            "(défaut : 60)") in result.stderr


def test_log_records_are_json_lines_with_the_access_fields():
    from sante_locale.config.logs import JsonFormatter

    formatter = JsonFormatter()
    atoms = {"h": "203.0.113.7", "m": "GET", "U": "/recherche/", "q": "q=lens", "s": "200", "B": "5120",
             "M": "42", "a": "Mozilla/5.0", "r": "GET /recherche/?q=lens HTTP/1.1"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s', (atoms,), None)
    line = formatter.format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == '203.0.113.7 "GET /recherche/?q=lens HTTP/1.1" 200'
    assert {k: data[k] for k in ("logger", "level", "remote", "method", "path", "status", "bytes", "duration_ms")} == {
        "logger": "gunicorn.access", "level": "INFO", "remote": "203.0.113.7", "method": "GET",
        "path": "/recherche/", "status": 200, "bytes": 5120, "duration_ms": 42}
    error = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Service Unavailable: %s", ("/x/",), None)
    error.status_code = 503
    assert json.loads(formatter.format(error))["status"] == 503
