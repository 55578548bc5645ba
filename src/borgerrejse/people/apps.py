from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "borgerrejse.people"
    verbose_name = _("Borgere")

    def ready(self) -> None:
        from borgerrejse.people import checks  # noqa: F401 -- registers the system checks
