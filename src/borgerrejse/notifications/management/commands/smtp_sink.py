import logging
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from borgerrejse.notifications.smtp_sink import sink_controller


class Command(BaseCommand):
    help = "Run the local SMTP server that keeps every e-mail in a maildir (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=settings.EMAIL_PORT, help="port")
        parser.add_argument(
            "--maildir",
            type=Path,
            default=Path(settings.DATA_DIR) / "mail",
            help="folder to keep the messages in (a maildir)",
        )

    def handle(self, *args: Any, host: str, port: int, maildir: Path, **options: Any) -> None:
        if options["verbosity"] < 2:
            # aiosmtpd logs every SMTP command; beside the web server and the worker in
            # `make run` that drowns everything else. -v 2 shows the conversation.
            logging.getLogger("mail.log").setLevel(logging.WARNING)
        controller = sink_controller(folder=maildir, host=host, port=port)
        stopped = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            stopped.set()

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        controller.start()
        self.stdout.write(f"SMTP sink on {host}:{port}, keeping mail in {maildir}")
        try:
            while not stopped.wait(0.2):
                pass
        finally:
            controller.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
