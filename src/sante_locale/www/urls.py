from django.contrib.auth import views as auth_views
from django.urls import include, path

from sante_locale.www.api import api
from sante_locale.www.views import api_docs, custom, history, pages, territories

urlpatterns = [
    path("", pages.home, name="home"),
    path("recherche/", territories.search, name="search"),
    path("territoires/<str:level>/<str:code>/", territories.detail, name="territory"),
    path("mes-territoires/", custom.index, name="custom_index"),
    path("mes-territoires/nouveau/", custom.edit, name="custom_new"),
    path("mes-territoires/<slug:slug>/modifier/", custom.edit, name="custom_edit"),
    path("mes-territoires/<slug:slug>/supprimer/", custom.delete, name="custom_delete"),
    path("connexion/", auth_views.LoginView.as_view(template_name="www/login.html"), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("historique/<str:label>/<int:pk>/", history.object_history, name="history"),
    path("administration/tentatives-refusees/", history.refusals, name="refusals"),
    path("api/", api.urls),
    path("api/documentation/", api_docs.documentation, name="api_docs"),
    path("", include("sante_locale.www.urls_offer")),
    path("", include("sante_locale.www.urls_apl")),
    path("", include("sante_locale.www.urls_portrait")),
    path("", include("sante_locale.www.directory.urls")),
    path("", include("sante_locale.www.programme.urls")),
    path("", include("sante_locale.www.coordination.urls")),
]
