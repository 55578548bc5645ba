"""`borgerrejse evaluate SLUG --answers FILE|- [--on YYYY-MM-DD]`: print the decision as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from borgerrejse.catalog.selectors import ServiceNotFound, service_evaluate


class Command(BaseCommand):
    help = "Evaluate answers against a service's rules and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--answers", required=True, help="A JSON file, or - for stdin.")
        parser.add_argument("--on", type=_date, help="The decision date (default: today).")
        parser.add_argument("--language", choices=["da", "en"], default="da")

    def handle(self, *args: Any, **options: Any) -> None:
        answers = _read_answers(options["answers"])
        on = options["on"] or timezone.localdate()
        try:
            result = service_evaluate(
                slug=options["slug"], answers=answers, on=on, language=options["language"]
            )
        except ServiceNotFound as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--on must be a date as YYYY-MM-DD, not {text!r}") from None


def _read_answers(source: str) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"cannot read {source}: {error.strerror}") from None
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"the answers are not valid JSON: {error}") from None
    if not isinstance(answers, dict):
        raise CommandError("the answers must be a JSON object of field names and values")
    return answers
