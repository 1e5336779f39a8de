from django.apps import AppConfig


class PricelistConfig(AppConfig):
    name = "pricelist"
    verbose_name = "Maatschappelijke prijslijst"
