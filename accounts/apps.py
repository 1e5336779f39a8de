from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Organisaties en accounts"

    def ready(self):
        from accounts import two_factor

        two_factor.connect_signals()
