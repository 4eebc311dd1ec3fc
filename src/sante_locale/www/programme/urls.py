"""URLs of the programme pages (included by ``www/urls.py``)."""

from django.urls import path

from sante_locale.www.programme import (
    views,
    views_actions,
    views_evaluation,
    views_files,
    views_indicators,
)

P = "dispositifs/<int:pk>/programme/"

urlpatterns = [
    path(P, views.overview, name="programme"),
    path(P + "creer/", views.create, name="programme_create"),
    path(P + "modifier/", views.edit, name="programme_edit"),
    path(P + "axes/nouveau/", views.axis_edit, name="programme_axis_new"),
    path(P + "axes/<int:item>/modifier/", views.axis_edit, name="programme_axis_edit"),
    path(P + "axes/<int:item>/supprimer/", views.axis_delete, name="programme_axis_delete"),
    path(P + "objectifs/nouveau/", views.objective_edit, name="programme_objective_new"),
    path(P + "objectifs/<int:item>/modifier/", views.objective_edit, name="programme_objective_edit"),
    path(P + "objectifs/<int:item>/supprimer/", views.objective_delete, name="programme_objective_delete"),
    path(P + "actions/nouvelle/", views_actions.edit, name="programme_action_new"),
    path(P + "actions/<int:item>/", views_actions.detail, name="programme_action"),
    path(P + "actions/<int:item>/modifier/", views_actions.edit, name="programme_action_edit"),
    path(P + "actions/<int:item>/supprimer/", views_actions.delete, name="programme_action_delete"),
    path(P + "actions/<int:item>/jalons/", views_actions.milestones, name="programme_action_milestones"),
    path(P + "actions/<int:item>/budget/", views_actions.fundings, name="programme_action_budget"),
    path(P + "actions/<int:item>/lentille/", views_actions.lens, name="programme_action_lens"),
    path(P + "calendrier/", views_actions.timeline, name="programme_timeline"),
    path(P + "budget/", views_actions.budget, name="programme_budget"),
    path(P + "indicateurs/", views_indicators.index, name="programme_indicators"),
    path(P + "indicateurs/nouveau/", views_indicators.edit, name="programme_indicator_new"),
    path(P + "indicateurs/<int:item>/", views_indicators.detail, name="programme_indicator"),
    path(P + "indicateurs/<int:item>/modifier/", views_indicators.edit, name="programme_indicator_edit"),
    path(P + "indicateurs/<int:item>/supprimer/", views_indicators.delete, name="programme_indicator_delete"),
    path(P + "indicateurs/<int:item>/cibles/", views_indicators.targets, name="programme_indicator_targets"),
    path(P + "indicateurs/<int:item>/valeurs/nouvelle/", views_indicators.value_edit, name="programme_value_new"),
    path(P + "indicateurs/<int:item>/valeurs/<int:value>/modifier/", views_indicators.value_edit,
         name="programme_value_edit"),
    path(P + "indicateurs/<int:item>/relever/", views_indicators.record, name="programme_indicator_record"),
    path(P + "lentille/", views_evaluation.lens, name="programme_lens"),
    path(P + "grille/", views_evaluation.grid, name="programme_grid"),
    path(P + "grille/comparer/", views_evaluation.grid_compare, name="programme_grid_compare"),
    path(P + "grille/<int:year>/", views_evaluation.grid_edit, name="programme_grid_edit"),
    path(P + "bilan/", views_files.review_page, name="programme_review"),
    path(P + "bilan/<int:year>.<str:fmt>", views_files.review_file, name="programme_review_file"),
    path(P + "export.xlsx", views_files.export, name="programme_export"),
    path(P + "importer/", views_files.import_page, name="programme_import"),
    path("administration/lentille-inegalites/", views_evaluation.lens_questions, name="programme_lens_questions"),
]
