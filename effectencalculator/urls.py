from django.urls import include, path

from effectencalculator import health

urlpatterns = [
    # For the load balancer: no log-in, no versions (see effectencalculator/health.py).
    path("gezond/", health.live, name="health_live"),
    path("gereed/", health.ready, name="health_ready"),
    path("", include("accounts.urls")),
    path("prijslijsten/", include("pricelist.urls")),
    path("", include("reports.urls")),
    path("", include("cases.urls")),
    path("", include("overview.urls")),
]
