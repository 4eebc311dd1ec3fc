"""The API object, its authentication and its French JSON errors."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from sante_locale.accounts.access import Forbidden
from sante_locale.accounts.models import APIToken, record_refusal

BAD_TOKEN = ("Jeton d'API inconnu ou désactivé : vérifiez l'en-tête « Authorization: Bearer sl_… », "
             "ou créez un nouveau jeton (sante-locale api jeton).")


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sl_…``: a token issued by ``sante-locale api jeton``."""

    openapi_description = "Jeton d'API (créé par « sante-locale api jeton IDENTIFIANT NOM »)."

    def authenticate(self, request, token):
        user = APIToken.user_for(token)
        if user is None:
            record_refusal(None, f"API {request.method} {request.path}", BAD_TOKEN, channel="api",
                           path=request.path)
            raise AuthenticationError(message=BAD_TOKEN)
        request.user = user
        return user


def anonymous(request):
    """No token, no session: an anonymous visitor (reads what is public)."""
    return AnonymousUser()


api = NinjaAPI(
    title="API de Santé Locale",
    version="1",
    description=("API de lecture : dispositifs, périmètres, structures, instances, réunions et décisions. "
                 "Mêmes droits que les pages. Réponses paginées (paramètres « page » et « page_size »)."),
    auth=[TokenAuth(), django_auth, anonymous],
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


def user_of(request):
    """The user an API request acts for (token, session or anonymous)."""
    return getattr(request, "auth", None) or AnonymousUser()


def _error(request, status: int, message: str):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return _error(request, 403, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    from sante_locale.www.views.units import NotFound

    message = str(exc) if isinstance(exc, NotFound) else "Objet introuvable, ou que votre compte ne peut pas voir."
    return _error(request, 404, message)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, str(exc) or BAD_TOKEN)


#: pydantic error types -> French (others: « valeur invalide »)
VALIDATION_MESSAGES = {
    "int_parsing": "un nombre entier est attendu",
    "int_type": "un nombre entier est attendu",
    "float_parsing": "un nombre est attendu",
    "greater_than_equal": "la valeur est trop petite",
    "greater_than": "la valeur est trop petite",
    "less_than_equal": "la valeur est trop grande",
    "missing": "ce paramètre est obligatoire",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "bool_parsing": "true ou false est attendu",
    "literal_error": "valeur non prévue",
    "enum": "valeur non prévue",
    "string_too_long": "le texte est trop long",
}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    problems = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", []) if p not in ("query", "path", "body"))
        problems.append(f"« {where} » : {VALIDATION_MESSAGES.get(error.get('type'), 'valeur invalide')}")
    return _error(request, 422, "Paramètre invalide : " + " ; ".join(problems) + ".")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))
