"""``demo`` and ``serve``: prepare the demonstration, serve the web application."""

from __future__ import annotations

import socket

from sante_locale.cli.base import (
    CLIError,
    add_server_args,
    migrate,
    os_reason,
    progress_printer,
    setup_django,
)


def add_parsers(sub) -> None:
    demo = sub.add_parser("demo", help="prépare la démonstration et ouvre l'application web",
                          description="Crée la base (SQLite par défaut), charge le référentiel territorial réel, "
                          "crée un compte de démonstration et un territoire d'exemple, puis sert l'application.",
                          epilog="exemple :\n  sante-locale demo\n  sante-locale demo --no-serve")
    demo.add_argument("--no-serve", action="store_true", help="prépare seulement, sans lancer le serveur")
    add_server_args(demo)

    serve = sub.add_parser("serve", help="sert l'application web",
                           epilog="exemples :\n  sante-locale serve --port 8000\n"
                           "  sante-locale serve --production --port 8000   (voir docs/deploiement.md)")
    add_server_args(serve)
    serve.add_argument("--production", action="store_true",
                       help="sert pour de nombreux utilisateurs derrière un serveur mandataire HTTPS : gunicorn, "
                       "PostgreSQL, réglages de production (variables de docs/environnement.md)")


def _address(host: str, port: int):
    """(family, socket address) of ``host:port``, or a French CLIError for an unknown host."""
    try:
        family, _, _, _, sockaddr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise CLIError(f"Adresse d'écoute « {host} » inconnue ({exc.__class__.__name__}) : donnez une adresse IP de "
                       "cette machine, par exemple --host 127.0.0.1 (ou 0.0.0.0 pour toutes ses adresses).") from None
    return family, sockaddr


def port_in_use(host: str, port: int) -> bool:
    family, sockaddr = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(sockaddr) == 0


def check_address(host: str, port: int) -> None:
    """Refuse, before any work, an address the server could not listen on (CLIError)."""
    if port_in_use(host, port):
        raise CLIError(
            f"Le port {port} est déjà utilisé sur {host} : une démonstration ou un autre serveur tourne déjà. "
            f"Ouvrez http://{host}:{port}, arrêtez l'autre serveur (Ctrl+C dans sa fenêtre), "
            "ou choisissez un autre port avec --port."
        )
    family, sockaddr = _address(host, port)
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(sockaddr)
        except OSError as exc:
            raise CLIError(f"Impossible d'écouter sur {host}:{port} ({os_reason(exc)}) : donnez une adresse de cette "
                           "machine avec --host (par exemple 127.0.0.1) et un port libre avec --port.") from None


def serve(host: str, port: int) -> None:
    check_address(host, port)
    from waitress import serve as waitress_serve

    from sante_locale.config.wsgi import application

    print(f"Application servie sur http://{host}:{port}  (Ctrl+C pour arrêter)", flush=True)
    waitress_serve(application, host=host, port=port, threads=4, _quiet=True)


def cmd_serve(args) -> int:
    if args.production:
        from sante_locale.cli import production

        check_address(args.host, args.port)
        return production.serve(args.host, args.port)
    check_address(args.host, args.port)
    setup_django()
    migrate()
    serve(args.host, args.port)
    return 0


def cmd_demo(args) -> int:
    if args.no_serve:
        _address(args.host, args.port)  # only printed at the end: a known host is enough
    else:
        check_address(args.host, args.port)  # the French message before any work
    setup_django()
    migrate()
    from sante_locale import demo

    print("Préparation de la démonstration…")
    summary = demo.prepare(progress=progress_printer("Référentiel"))
    for line in summary.lines:
        print("  " + line)
    print(f"\nCompte de démonstration : identifiant « {summary.username} », mot de passe « {summary.password} »")
    print(f"(gardé dans {summary.credentials_path})")
    if args.no_serve:
        print(f"Démonstration prête. Lancez « sante-locale serve » puis ouvrez http://{args.host}:{args.port}")
        return 0
    serve(args.host, args.port)
    return 0


COMMANDS = {("demo",): cmd_demo, ("serve",): cmd_serve}
