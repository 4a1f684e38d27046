from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "voisinage.analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from voisinage.analytics import rollup

        rollup.connect()
