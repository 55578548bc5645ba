"""The `borgerrejse` command: Django's management commands under the project's own name.

`borgerrejse services list`, `borgerrejse evaluate …`, `borgerrejse demo` and the standard
commands (`migrate`, `runserver`) all run through here.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "borgerrejse.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["borgerrejse", *(sys.argv[1:] if argv is None else argv)])
