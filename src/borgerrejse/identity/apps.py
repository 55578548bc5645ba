from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "borgerrejse.identity"
    verbose_name = _("Log-ind")

    def ready(self) -> None:
        from borgerrejse.identity import checks  # noqa: F401 -- registers the system checks
