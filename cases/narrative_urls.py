from django.urls import path

from cases import narrative

app_name = "narrative"

urlpatterns = [
    path("evaluaties/<slug:slug>/bewerken/", narrative.edit_evaluation, name="evaluation"),
    path(
        "evaluaties/<slug:slug>/casussen/<str:code>/bewerken/",
        narrative.edit_case,
        name="case",
    ),
]
