"""Price lists under /prijslijsten/: the organisation's versions, their items, import and
export, and the bin. An evaluation's re-pricing and margins are its own screens (cases.urls)."""

from django.urls import path

from pricelist import views

app_name = "pricelist"

urlpatterns = [
    path("", views.price_list_list, name="list"),
    path("importeren/", views.price_list_import, name="import"),
    path("prullenbak/", views.price_bin, name="bin"),
    path("prullenbak/<int:pk>/terugzetten/", views.price_bin_restore, name="restore"),
    path("<int:pk>/", views.price_list_detail, name="detail"),
    path("<int:pk>/prijslijst.xlsx", views.price_list_export, {"suffix": "xlsx"}, name="export"),
    path("<int:pk>/prijslijst.csv", views.price_list_export, {"suffix": "csv"}, name="export_csv"),
    path("<int:pk>/nieuwe-versie/", views.price_list_derive, name="derive"),
    path("<int:pk>/wijzigen/", views.price_list_edit, name="edit"),
    path("<int:pk>/verwijderen/", views.price_list_delete, name="delete"),
    path("<int:pk>/items/nieuw/", views.item_create, name="item_create"),
    path("<int:pk>/items/<int:item_pk>/", views.item_row, name="item_row"),
    path("<int:pk>/items/<int:item_pk>/wijzigen/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/verwijderen/", views.item_delete, name="item_delete"),
]
