from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from borgerrejse.notifications.worker import Worker


class Command(BaseCommand):
    help = "Deliver queued messages (Digital Post, letters, e-mail, SMS). Run one or more."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=20, help="messages per claim")
        parser.add_argument(
            "--until-empty",
            action="store_true",
            help="stop when no message is due, instead of waiting for more",
        )
        parser.add_argument(
            "--idle-seconds", type=float, default=1.0, help="how long to wait when idle"
        )

    def handle(
        self, *args: Any, batch: int, until_empty: bool, idle_seconds: float, **options: Any
    ) -> None:
        stats = Worker(batch=batch, idle_seconds=idle_seconds).run(until_empty=until_empty)
        self.stdout.write(f"delivered {stats.delivered}, failed attempts {stats.failed_attempts}")
