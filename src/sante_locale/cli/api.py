"""``api``: tokens for the read API (the key is printed once; only its digest is kept)."""

from __future__ import annotations

from sante_locale.cli.base import CLIError, require_reference, setup_django


def add_parsers(sub) -> None:
    api = sub.add_parser("api", help="jetons de l'API de lecture",
                         epilog="exemple :\n  sante-locale api jeton marie.dupont tableur-du-cls")
    actions = api.add_subparsers(dest="action", metavar="ACTION")
    token = actions.add_parser("jeton", help="crée un jeton d'API pour un compte (affiché une seule fois)",
                               epilog="exemple :\n  sante-locale api jeton marie.dupont tableur-du-cls")
    token.add_argument("identifiant", help="identifiant de connexion du compte")
    token.add_argument("nom", help="nom du jeton, pour le reconnaître (ex. tableur-du-cls)")


def cmd_token(args) -> int:
    setup_django()
    require_reference()
    from django.contrib.auth import get_user_model

    from sante_locale.accounts.models import APIToken

    user = get_user_model().objects.filter(username=args.identifiant, is_active=True).first()
    if user is None:
        raise CLIError(f"Compte « {args.identifiant} » inconnu ou désactivé : vérifiez l'identifiant de connexion.")
    name = args.nom.strip()
    if not name or len(name) > 100:
        raise CLIError("Le nom du jeton doit faire de 1 à 100 caractères (ex. tableur-du-cls).")
    _, key = APIToken.issue(user, name)
    print(f"Jeton « {name} » créé pour {user.username}. Copiez-le maintenant : il ne sera plus affiché.")
    print(key)
    print("Usage : en-tête HTTP « Authorization: Bearer <jeton> » ; documentation : /api/documentation/")
    return 0


COMMANDS = {("api", "jeton"): cmd_token}
