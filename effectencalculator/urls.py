from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("prijslijsten/", include("pricelist.urls")),
    path("", include("reports.urls")),
    path("", include("cases.urls")),
]
