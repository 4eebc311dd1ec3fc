"""The API's documentation page: the OpenAPI document read as an accessible French page
(server-rendered, no script; the machine-readable document is at /api/openapi.json)."""

from django.shortcuts import render

from sante_locale.www.api import api
from sante_locale.www.api.docs import operations


def documentation(request):
    schema = api.get_openapi_schema()
    return render(request, "www/api_docs.html", {"info": schema["info"], "groups": operations(schema)})
