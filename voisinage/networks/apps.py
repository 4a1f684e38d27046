from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "voisinage.networks"
    verbose_name = _("Steering networks")
