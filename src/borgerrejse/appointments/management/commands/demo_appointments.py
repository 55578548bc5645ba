from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from borgerrejse.appointments.demo_booking import appointments_demo_create, town_hall_create
from borgerrejse.appointments.walkin_demo import walkin_demo_create


class Command(BaseCommand):
    help = "Opretter demo-steder, åbningstider, kalendere og skranker. Kør efter demo_staff."

    def handle(self, *args: Any, **options: Any) -> None:
        created = appointments_demo_create()
        walkin_demo_create(location=town_hall_create())
        self.stdout.write(_("Demo-kalendere: %(created)d oprettet.") % {"created": created})
