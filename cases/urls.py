from django.urls import path

from cases import creation, views

app_name = "cases"

CASE = "evaluaties/<slug:slug>/casussen/<str:code>/"

urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("importeren/", views.evaluation_import, name="evaluation_import"),
    path("nieuwe-evaluatie/", creation.evaluation_start, name="evaluation_start"),
    path("evaluaties/<slug:slug>/nieuwe-casus/", creation.case_start, name="case_start"),
    path("evaluaties/<slug:slug>/werkwijzen/", creation.scenarios, name="scenarios"),
    path("evaluaties/<slug:slug>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluaties/<slug:slug>/werkmap.xlsx", views.evaluation_export, name="evaluation_export"),
    path(CASE, views.case_detail, name="case_detail"),
    # The live session: the notulist's entry screen and the chair's session screen.
    path(CASE + "invoer/", views.entry, name="entry"),
    path(CASE + "invoer/voorbeeld/", views.entry_preview, name="entry_preview"),
    path(CASE + "invoer/prijsitems/", views.price_search, name="price_search"),
    path(CASE + "invoer/terugzetten/", views.item_restore, name="item_restore"),
    path(CASE + "invoer/kopieren/", views.timeline_copy, name="timeline_copy"),
    path(CASE + "invoer/sessieverslag/", views.session_record, name="session_record"),
    path(CASE + "items/<int:pk>/", views.item, name="item"),
    path(CASE + "items/<int:pk>/wijzigen/", views.item_edit, name="item_edit"),
    path(CASE + "items/<int:pk>/verwijderen/", views.item_delete, name="item_delete"),
    path(CASE + "sessie/", views.session, name="session"),
]
