from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path(
        "evaluaties/<slug:slug>/casussen/<str:code>/geschiedenis/",
        views.case_history,
        name="case_history",
    ),
    path("evaluaties/<slug:slug>/prullenbak/", views.bin, name="bin"),
    path(
        "evaluaties/<slug:slug>/prullenbak/<int:pk>/terugzetten/",
        views.restore,
        name="restore",
    ),
]
