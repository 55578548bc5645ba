from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from borgerrejse.staff.demo import DEMO_STAFF, demo_totp_code, staff_demo_create


class Command(BaseCommand):
    help = "Opretter demo-medarbejdere med kode til log-ind. En ny kørsel opretter ingen dubletter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--code",
            metavar="USERNAME",
            help="Print the demo person's current TOTP code instead (for logging in by hand).",
        )

    def handle(self, *args: Any, code: str | None = None, **options: Any) -> None:
        if code is not None:
            if code not in DEMO_STAFF:
                raise CommandError(
                    _("Der er ingen demo-medarbejder med brugernavnet %(name)s.") % {"name": code}
                )
            self.stdout.write(demo_totp_code(code))
            return
        created, existing = staff_demo_create()
        self.stdout.write(
            _("Demo-medarbejdere: %(created)d oprettet, %(existing)d fandtes allerede.")
            % {"created": created, "existing": existing}
        )
