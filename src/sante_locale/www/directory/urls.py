"""URLs of the directory (``/annuaire/``); ``/annuaire/integration/`` holds the only pages
that other sites may frame."""

from django.urls import path

from sante_locale.www.directory import manage, views

urlpatterns = [
    path("annuaire/", views.index, name="directory"),
    path("annuaire/services/<int:pk>/", views.service, name="directory_service"),
    path("annuaire/integration/", views.embed_index, name="directory_embed"),
    path("annuaire/integration/services/<int:pk>/", views.embed_service, name="directory_embed_service"),
    path("annuaire/integrer/", views.snippet, name="directory_snippet"),
    path("annuaire/donnees/", views.open_data, name="directory_open_data"),
    path("annuaire/donnees/<str:name>", views.open_data_file, name="directory_open_data_file"),
    path("annuaire/gestion/", manage.dashboard, name="directory_dashboard"),
    path("annuaire/services/nouveau/", manage.new, name="directory_new"),
    path("annuaire/services/<int:pk>/modifier/", manage.edit, name="directory_edit"),
    path("annuaire/services/<int:pk>/fermetures/", manage.add_closure, name="directory_add_closure"),
    path("annuaire/services/<int:pk>/fermetures/<int:closure_pk>/modifier/", manage.edit_closure,
         name="directory_edit_closure"),
    path("annuaire/services/<int:pk>/fermetures/<int:closure_pk>/supprimer/", manage.delete_closure,
         name="directory_delete_closure"),
    path("annuaire/services/<int:pk>/arrets/", manage.add_stop, name="directory_add_stop"),
    path("annuaire/services/<int:pk>/arrets/<int:stop_pk>/modifier/", manage.edit_stop, name="directory_edit_stop"),
    path("annuaire/services/<int:pk>/arrets/<int:stop_pk>/supprimer/", manage.delete_stop,
         name="directory_delete_stop"),
    path("annuaire/services/<int:pk>/a-jour/", manage.confirm, name="directory_confirm"),
]
