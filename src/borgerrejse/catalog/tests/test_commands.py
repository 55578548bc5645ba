import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from borgerrejse.catalog.documents import read_definition
from borgerrejse.catalog.models import PublishedVersionError, ServiceVersion
from borgerrejse.catalog.selectors import service_definition

HEALTH_CARD = Path(settings.SERVICES_DIR) / "sundhedskort.yaml"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_check_passes_every_service_in_the_catalogue():
    output = run("services", "check")

    files = sorted(Path(settings.SERVICES_DIR).glob("*.yaml"))
    assert output.count(": ok (") == len(files)


def test_check_fails_with_the_problem_on_stderr(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(HEALTH_CARD.read_text().replace("stakes: low", "stakes: extreme"))

    completed = subprocess.run(
        [sys.executable, "-m", "borgerrejse", "services", "check", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode != 0
    assert f"{bad}:" in completed.stderr
    assert "stakes: Input should be 'low', 'medium' or 'high'" in completed.stderr


def test_check_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="1 of 1 definitions have problems"):
        run("services", "check", str(tmp_path / "nope.yaml"))


@pytest.mark.django_db
def test_load_is_idempotent_and_list_shows_versions():
    first = run("services", "load", str(HEALTH_CARD))
    second = run("services", "load", str(HEALTH_CARD))

    assert "sundhedskort v1: published" in first
    assert "sundhedskort v1: already published" in second
    assert ServiceVersion.objects.count() == 1
    assert "sundhedskort" in run("services", "list")


@pytest.mark.django_db
def test_changed_content_under_a_published_version_is_refused(tmp_path):
    run("services", "load", str(HEALTH_CARD))
    changed = tmp_path / "sundhedskort.yaml"
    changed.write_text(HEALTH_CARD.read_text().replace("2024-01-01: 225", "2024-01-01: 250"))

    with pytest.raises(CommandError, match="already published with different content"):
        run("services", "load", str(changed))


@pytest.mark.django_db
def test_a_published_version_cannot_be_edited():
    run("services", "load", str(HEALTH_CARD))
    version = ServiceVersion.objects.get()
    version.stakes = "high"

    with pytest.raises(PublishedVersionError):
        version.save()


@pytest.mark.django_db
def test_evaluate_prints_the_documented_json(tmp_path):
    run("services", "load", str(HEALTH_CARD))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"reason": "lost"}))

    result = json.loads(
        run("evaluate", "sundhedskort", "--answers", str(answers), "--on", "2025-03-01")
    )

    assert {
        "service",
        "version",
        "outcome",
        "proposed_outcome",
        "amount_dkk",
        "amount_kind",
    } <= set(result)
    assert {"reasons", "missing", "trace"} <= set(result)
    assert result["service"] == "sundhedskort"
    assert result["version"] == 1
    assert result["outcome"] == "grant"
    assert result["amount_dkk"] == "225.00"
    assert all({"text", "legal_basis"} <= set(reason) for reason in result["reasons"])


@pytest.mark.django_db
def test_evaluate_rejects_bad_input(tmp_path):
    run("services", "load", str(HEALTH_CARD))
    answers = tmp_path / "answers.json"
    answers.write_text("[1, 2]")

    with pytest.raises(CommandError, match="must be a JSON object"):
        run("evaluate", "sundhedskort", "--answers", str(answers))
    with pytest.raises(CommandError, match="--on must be a date"):
        run("evaluate", "sundhedskort", "--answers", str(answers), "--on", "1/3/2025")
    answers.write_text("{}")
    with pytest.raises(CommandError, match="no version of 'sundhedskort' is valid on 2023-12-31"):
        run("evaluate", "sundhedskort", "--answers", str(answers), "--on", "2023-12-31")
    with pytest.raises(CommandError, match="no version of 'unknown'"):
        run("evaluate", "unknown", "--answers", str(answers))


@pytest.mark.django_db
def test_every_published_definition_reads_back_as_it_was_written():
    run("services", "load")

    for version in ServiceVersion.objects.all():
        path = Path(settings.SERVICES_DIR) / f"{version.slug}.yaml"
        assert service_definition(version) == read_definition(path)
