"""The report, for a whole evaluation or one case, as a page, a PDF and a spreadsheet."""

from django.urls import path

from reports import views

app_name = "reports"

EVALUATION = "evaluaties/<slug:slug>/"
CASE = EVALUATION + "casussen/<str:code>/"

urlpatterns = [
    path(EVALUATION + "rapport/", views.evaluation_report, name="evaluation_report"),
    path(EVALUATION + "rapport.pdf", views.evaluation_pdf, name="evaluation_pdf"),
    path(EVALUATION + "rapport.xlsx", views.evaluation_xlsx, name="evaluation_xlsx"),
    path(EVALUATION + "rapport/definitief/", views.declare_final, name="declare_final"),
    path(
        EVALUATION + "rapport/versies/<int:version>/rapport.pdf",
        views.final_pdf,
        name="final_pdf",
    ),
    path(EVALUATION + "rapport/opdracht/<int:pk>/", views.job, name="job"),
    path(EVALUATION + "rapport/opdracht/<int:pk>/rapport.pdf", views.job_pdf, name="job_pdf"),
    path(CASE + "rapport/", views.case_report, name="case_report"),
    path(CASE + "rapport.pdf", views.case_pdf, name="case_pdf"),
    path(CASE + "rapport.xlsx", views.case_xlsx, name="case_xlsx"),
]
