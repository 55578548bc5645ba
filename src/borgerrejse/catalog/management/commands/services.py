"""`borgerrejse services list|check|load`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgerrejse.catalog.documents import DefinitionError, read_definition
from borgerrejse.catalog.models import PublishedVersionError
from borgerrejse.catalog.selectors import service_versions_all
from borgerrejse.catalog.services import service_file_publish


class Command(BaseCommand):
    help = "List, check and load service definitions."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="List the published service versions.")
        check = actions.add_parser("check", help="Check definition files (default: all).")
        check.add_argument("files", nargs="*", type=Path)
        load = actions.add_parser("load", help="Publish definition files (default: all).")
        load.add_argument("files", nargs="*", type=Path)

    def handle(
        self, *args: Any, action: str, files: list[Path] | None = None, **options: Any
    ) -> None:
        if action == "list":
            self._list()
        elif action == "check":
            self._check(files or _all_files())
        else:
            self._load(files or _all_files())

    def _list(self) -> None:
        versions = list(service_versions_all())
        if not versions:
            self.stdout.write("No services are published. Run `borgerrejse services load`.")
            return
        for version in versions:
            until = version.valid_to.isoformat() if version.valid_to else "…"
            self.stdout.write(
                f"{version.slug:<32} v{version.version:<3} {version.valid_from} – {until}  "
                f"{version.title_da}"
            )

    def _check(self, files: list[Path]) -> None:
        failed = 0
        for path in files:
            try:
                definition = read_definition(path)
            except DefinitionError as error:
                failed += 1
                self.stderr.write(str(error))
            except OSError as error:
                failed += 1
                self.stderr.write(f"{path}: cannot read the file: {error.strerror}")
            else:
                self.stdout.write(f"{path}: ok ({definition.slug} v{definition.version})")
        if failed:
            raise CommandError(f"{failed} of {len(files)} definitions have problems")

    def _load(self, files: list[Path]) -> None:
        for path in files:
            try:
                result = service_file_publish(path=path)
            except (DefinitionError, PublishedVersionError) as error:
                raise CommandError(str(error)) from None
            state = "published" if result.created else "already published"
            self.stdout.write(f"{result.version}: {state}")


def _all_files() -> list[Path]:
    files = sorted(Path(settings.SERVICES_DIR).glob("*.yaml"))
    if not files:
        raise CommandError(f"no service definitions found in {settings.SERVICES_DIR}")
    return files
