"""The organisation's overview with its downloads, the API's token screen, and the API."""

from django.urls import path

from overview import api, views

app_name = "overview"

API = "api/v1/"

urlpatterns = [
    path("overzicht/", views.overview, name="overview"),
    path("overzicht/overzicht.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("overzicht/overzicht.csv", views.overview_csv, name="overview_csv"),
    path("api-tokens/", views.tokens, name="tokens"),
    path("api-tokens/<int:pk>/intrekken/", views.token_revoke, name="token_revoke"),
    path(API + "openapi.json", api.description, name="api_description"),
    path(API + "evaluaties/", api.evaluations, name="api_evaluations"),
    path(API + "evaluaties/<slug:slug>/", api.evaluation, name="api_evaluation"),
    path(API + "evaluaties/<slug:slug>/casussen/", api.cases, name="api_cases"),
]
