"""Operating a served instance: ``sauvegarder``, ``restaurer``, ``debloquer``."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

from sante_locale.cli.base import CLIError, fr, migrate, setup_django


def add_parsers(sub) -> None:
    save = sub.add_parser(
        "sauvegarder", help="écrit une sauvegarde complète et cohérente de la base",
        description="Écrit dans FICHIER une copie cohérente de toute la base, même pendant que l'application "
        "sert : SQLite par l'API de sauvegarde en ligne, PostgreSQL par pg_dump (format custom).",
        epilog="exemple :\n  sante-locale sauvegarder sauvegardes/sante-locale-2026-12-03.sauvegarde")
    save.add_argument("fichier", metavar="FICHIER", help="fichier de sauvegarde à écrire")
    save.add_argument("--ecraser", action="store_true", help="remplace FICHIER s'il existe déjà")

    restore = sub.add_parser(
        "restaurer", help="remplace toute la base par une sauvegarde",
        description="Vérifie que FICHIER est une sauvegarde de Santé Locale pour le même type de base, puis "
        "remplace toute la base en une seule transaction : en cas d'échec, la base reste telle qu'elle était. "
        "La base est ensuite mise à jour (migrations) si la sauvegarde vient d'une version précédente.",
        epilog="exemple :\n  sante-locale restaurer sauvegardes/sante-locale-2026-12-03.sauvegarde --oui")
    restore.add_argument("fichier", metavar="FICHIER", help="sauvegarde écrite par « sante-locale sauvegarder »")
    restore.add_argument("--oui", action="store_true", help="confirme sans poser la question")

    unlock = sub.add_parser(
        "debloquer", help="lève le blocage des connexions après trop d'échecs",
        description="Efface les échecs de connexion enregistrés pour un identifiant, une adresse IP, ou les deux.",
        epilog="exemples :\n  sante-locale debloquer coordinatrice.lens\n  sante-locale debloquer --ip 203.0.113.7")
    unlock.add_argument("identifiant", metavar="IDENTIFIANT", nargs="?", help="identifiant bloqué")
    unlock.add_argument("--ip", help="adresse IP bloquée")


def _size(n: int) -> str:
    return f"{fr(n / 1_048_576)} Mo" if n >= 1_048_576 else f"{fr(n / 1024)} ko"


def cmd_save(args) -> int:
    from sante_locale import backups

    target = Path(args.fichier)
    try:
        backups.check_target(target, args.ecraser)  # before any work
        setup_django()
        info = backups.backup(target, overwrite=args.ecraser)
    except backups.BackupError as exc:
        raise CLIError(str(exc)) from exc
    print(f"Sauvegarde écrite : {info.path} ({backups.KIND_LABELS[info.kind]}, {info.tables} tables, "
          f"{_size(info.size)}).")
    return 0


def _confirm(path: Path, database: str) -> None:
    question = (f"Toute la base {database} va être remplacée par la sauvegarde {path}. "
                "Les données actuelles seront perdues. Continuer ? [o/N] ")
    if not sys.stdin or not sys.stdin.isatty():
        raise CLIError("la restauration remplace toute la base : ajoutez --oui pour confirmer sans question.")
    if input(question).strip().lower() not in {"o", "oui"}:
        raise CLIError("restauration annulée : la base n'a pas été modifiée.")


def cmd_restore(args) -> int:
    from sante_locale import backups

    path = Path(args.fichier)
    try:
        backups.inspect(path)  # a wrong file is refused before any question
        setup_django()
        from django.db import connection

        if not args.oui:
            _confirm(path, f"« {connection.settings_dict['NAME']} »")
        info = backups.restore(path)
    except backups.BackupError as exc:
        raise CLIError(str(exc)) from exc
    migrate()
    print(f"Base restaurée depuis {info.path} ({backups.KIND_LABELS[info.kind]}, {info.tables} tables).")
    return 0


def cmd_unlock(args) -> int:
    if args.identifiant is None and args.ip is None:
        raise CLIError("précisez l'identifiant à débloquer, ou --ip ADRESSE. "
                       "Exemple : sante-locale debloquer coordinatrice.lens")
    if args.identifiant is not None and not 0 < len(args.identifiant.strip()) <= 150:
        raise CLIError("identifiant vide ou trop long (150 caractères au plus) : donnez l'identifiant tel qu'il a "
                       "été tapé à la connexion.")
    if args.ip is not None:
        try:
            ipaddress.ip_address(args.ip)
        except ValueError:
            raise CLIError(f"--ip : « {args.ip[:60]} » n'est pas une adresse IP (exemple : 203.0.113.7 ou "
                           "2001:db8::1).") from None
    setup_django()
    migrate()
    from axes.utils import reset

    removed = reset(ip=args.ip, username=args.identifiant)
    who = " et ".join(w for w in (args.identifiant and f"l'identifiant « {args.identifiant} »",
                                   args.ip and f"l'adresse {args.ip}") if w)
    if removed:
        print(f"Débloqué : {fr(removed)} blocage(s) ou échec(s) effacé(s) pour {who}.")
    else:
        print(f"Aucun échec de connexion enregistré pour {who} : rien à débloquer.")
    return 0


COMMANDS = {("sauvegarder",): cmd_save, ("restaurer",): cmd_restore, ("debloquer",): cmd_unlock}
