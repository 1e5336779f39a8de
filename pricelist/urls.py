from django.urls import path

from pricelist import views

app_name = "pricelist"

urlpatterns = [
    path("", views.price_list_list, name="list"),
    path("<int:pk>/", views.price_list_detail, name="detail"),
]
