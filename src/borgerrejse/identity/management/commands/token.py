"""`borgerrejse token CPR [--days N]`: make an API token for a demo citizen.

Prints only the token, so a script can capture it:
`TOKEN=$(borgerrejse token 120385-1234)`. Errors go to stderr with a non-zero exit.

Only for demos and tests: whoever runs it can act as any citizen. It refuses to run
unless `DEMO_TOKENS_ENABLED` is True (the default); production sets it to False.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from borgerrejse.identity.services import (
    DEFAULT_TOKEN_LIFETIME,
    MAX_TOKEN_LIFETIME,
    api_token_create,
)
from borgerrejse.people.cpr import InvalidCPR
from borgerrejse.people.selectors import citizen_get_by_cpr


class Command(BaseCommand):
    help = "Laver en API-nøgle til en demo-borger og skriver kun nøglen ud."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cpr", help="Borgerens CPR-nummer, fx 120385-1234.")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_TOKEN_LIFETIME.days,
            help=f"Hvor mange dage nøglen gælder (standard {DEFAULT_TOKEN_LIFETIME.days}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO_TOKENS_ENABLED", True):
            raise CommandError(_("Demo-nøgler er slået fra her (DEMO_TOKENS_ENABLED er False)."))
        days = options["days"]
        if not 1 <= days <= MAX_TOKEN_LIFETIME.days:
            raise CommandError(
                _("--days skal være et helt tal fra 1 til %(max)d")
                % {"max": MAX_TOKEN_LIFETIME.days}
            )
        try:
            citizen = citizen_get_by_cpr(cpr=options["cpr"])
        except InvalidCPR as exc:
            raise CommandError(exc.messages[0]) from None
        if citizen is None:
            raise CommandError(_("Der er ingen borger med dette CPR-nummer."))
        _token, plaintext = api_token_create(citizen=citizen, lifetime=dt.timedelta(days=days))
        self.stdout.write(plaintext)
