from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from borgerrejse.people.demo import demo_population_create


class Command(BaseCommand):
    help = "Opretter en syntetisk demo-befolkning. En ny kørsel opretter ingen dubletter."

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_population_create()
        self.stdout.write(
            _("Demo-borgere: %(created)d oprettet, %(present)d fandtes allerede.")
            % {"created": result.created, "present": result.already_present}
        )
