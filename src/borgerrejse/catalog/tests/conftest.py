import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from borgerrejse.catalog.documents import read_definition
from borgerrejse.rules.engine import CompiledRuleSet

Evaluate = Callable[..., dict[str, Any]]


def definition_path(slug: str) -> Path:
    return Path(settings.SERVICES_DIR) / f"{slug}.yaml"


@pytest.fixture(scope="session")
def evaluate() -> Evaluate:
    """Evaluate answers against a service definition file, as the CLI would print it."""
    compiled: dict[str, CompiledRuleSet] = {}

    def run(slug: str, answers: dict[str, Any], on: dt.date, language: str = "da") -> dict:
        if slug not in compiled:
            compiled[slug] = CompiledRuleSet(read_definition(definition_path(slug)).rule_set())
        return compiled[slug].evaluate(answers, on=on).as_dict(language)

    return run
