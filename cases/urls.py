from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.evaluation_list, name="evaluation_list"),
    path("importeren/", views.evaluation_import, name="evaluation_import"),
    path("evaluaties/<slug:slug>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluaties/<slug:slug>/werkmap.xlsx", views.evaluation_export, name="evaluation_export"),
    path("evaluaties/<slug:slug>/casussen/<str:code>/", views.case_detail, name="case_detail"),
]
