"""Every screen of the evaluations, under one namespace: the list, starting and importing an
evaluation, and everything under ``/evaluaties/<slug>/`` but its report (which is the reports
app's, a layer above). One module per kind of screen in ``cases/views/``."""

from django.urls import path
from django.views.generic.base import RedirectView

from cases.views import (
    access_log,
    case,
    creation,
    entry,
    evaluations,
    history,
    live,
    members,
    narrative,
    outcomes,
    personal_data,
    prices,
    prognosis,
)

app_name = "cases"

EVALUATION = "evaluaties/<slug:slug>/"
CASE = EVALUATION + "casussen/<str:code>/"

urlpatterns = [
    path("", evaluations.evaluation_list, name="evaluation_list"),
    path("importeren/", evaluations.evaluation_import, name="evaluation_import"),
    path("nieuwe-evaluatie/", creation.evaluation_start, name="evaluation_start"),
    path("toegangslog/", access_log.access_log, name="access_log"),
    # A person's own data under the AVG, and an effectencalculateur's export for a member.
    path("mijn-gegevens/", personal_data.personal_data, name="personal_data"),
    path(
        "mijn-gegevens/gegevens.json",
        personal_data.personal_data_export,
        name="personal_data_export",
    ),
    path(
        "mijn-gegevens/leden/<int:pk>/gegevens.json",
        personal_data.member_data_export,
        name="member_data_export",
    ),
    # One evaluation.
    path(EVALUATION, evaluations.evaluation_detail, name="evaluation_detail"),
    path(EVALUATION + "werkmap.xlsx", evaluations.evaluation_export, name="evaluation_export"),
    path(EVALUATION + "bewerken/", narrative.edit_evaluation, name="evaluation_edit"),
    path(EVALUATION + "werkwijzen/", creation.scenarios, name="scenarios"),
    path(EVALUATION + "nieuwe-casus/", creation.case_start, name="case_start"),
    path(EVALUATION + "leden/", members.members, name="members"),
    path(EVALUATION + "leden/<int:pk>/verwijderen/", members.remove_member, name="member_remove"),
    path(EVALUATION + "herprijzen/", prices.repricing, name="repricing"),
    path(EVALUATION + "marges/", prices.margins, name="margins"),
    path(EVALUATION + "prullenbak/", history.bin, name="bin"),
    # A prognose: the Leeuwarden screen for a new case or an existing one, its figures while
    # typing, the decision, and making it gerealiseerd.
    path(EVALUATION + "prognose/", prognosis.prognosis_start, name="prognosis_start"),
    path(EVALUATION + "prognose/cijfers/", prognosis.prognosis_figures, name="prognosis_figures"),
    path(
        EVALUATION + "prognose/prijsitems/",
        prognosis.prognosis_price_search,
        name="prognosis_price_search",
    ),
    path(CASE + "prognose/", prognosis.prognosis_screen, name="prognosis"),
    path(CASE + "prognose/cijfers/", prognosis.prognosis_figures, name="prognosis_case_figures"),
    path(CASE + "besluit/", prognosis.decision, name="prognosis_decision"),
    path(CASE + "realiseren/", prognosis.realise, name="prognosis_realise"),
    path(EVALUATION + "uitkomsten/", outcomes.instrument, name="outcome_instrument"),
    path(EVALUATION + "prullenbak/<int:pk>/terugzetten/", history.restore, name="bin_restore"),
    # One case: its page and story, and the live session — the notulist's entry screen and
    # the chair's session screen.
    path(CASE, case.case_detail, name="case_detail"),
    path(CASE + "bewerken/", narrative.edit_case, name="case_edit"),
    path(CASE + "geschiedenis/", history.case_history, name="case_history"),
    path(CASE + "sessie/", case.session, name="session"),
    path(CASE + "sessie/stroom/", live.session_stream, name="session_stream"),
    path(CASE + "invoer/", entry.entry, name="entry"),
    path(CASE + "invoer/voorbeeld/", entry.entry_preview, name="entry_preview"),
    path(CASE + "invoer/prijsitems/", prices.price_search, name="price_search"),
    path(CASE + "invoer/prijsitem-toevoegen/", prices.price_item_add, name="price_item_add"),
    path(CASE + "invoer/terugzetten/", entry.item_restore, name="item_restore"),
    path(CASE + "invoer/kopieren/", entry.timeline_copy, name="timeline_copy"),
    path(CASE + "invoer/kopieren/<int:pk>/", entry.timeline_copy_made, name="timeline_copy_made"),
    path(
        CASE + "invoer/kopieren/<int:pk>/ongedaan-maken/",
        entry.timeline_copy_undo,
        name="timeline_copy_undo",
    ),
    path(CASE + "invoer/sessieverslag/", entry.session_record, name="session_record"),
    path(CASE + "uitkomsten/", outcomes.grid, name="outcome_grid"),
    path(CASE + "items/<int:pk>/", entry.item, name="item"),
    path(CASE + "items/<int:pk>/wijzigen/", entry.item_edit, name="item_edit"),
    path(CASE + "items/<int:pk>/verwijderen/", entry.item_delete, name="item_delete"),
    # Where re-pricing and margins used to live, under the price lists.
    path(
        "prijslijsten/herprijzen/<slug:slug>/",
        RedirectView.as_view(pattern_name="cases:repricing", permanent=True, query_string=True),
        name="old_repricing",
    ),
    path(
        "prijslijsten/marges/<slug:slug>/",
        RedirectView.as_view(pattern_name="cases:margins", permanent=True, query_string=True),
        name="old_margins",
    ),
]
