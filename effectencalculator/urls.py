from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("prijslijsten/", include("pricelist.urls")),
    path("", include("reports.urls")),
    path("", include("cases.urls")),
]
