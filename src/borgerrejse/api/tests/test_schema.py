"""The OpenAPI schema: served, documented, and the same as the committed openapi.yaml."""

import json
import re
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parent.parent / "openapi.yaml"
REGENERATE = "borgerrejse spectacular --file src/borgerrejse/api/openapi.yaml --validate"


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")

    assert generated.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8"), (
        f"The API changed but src/borgerrejse/api/openapi.yaml did not. Run `{REGENERATE}`, "
        "check the difference, and commit it."
    )


def test_the_schema_is_public_yaml_by_default(anonymous):
    response = anonymous.get("/api/v1/schema/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema == yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))


def test_the_schema_as_json(anonymous):
    response = anonymous.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Borgerrejse API"


def test_every_endpoint_is_documented_with_its_errors():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    paths = schema["paths"]

    # The staff operations are checked in test_staff_schema.py.
    operations = {
        (path, method): operation
        for path, methods in paths.items()
        for method, operation in methods.items()
        if not path.startswith("/api/v1/staff/")
    }
    assert set(operations) == {
        ("/api/v1/services", "get"),
        ("/api/v1/services/{slug}", "get"),
        ("/api/v1/services/{slug}/evaluate", "post"),
        ("/api/v1/cases", "get"),
        ("/api/v1/cases", "post"),
        ("/api/v1/cases/{number}", "get"),
        ("/api/v1/cases/{number}/contest", "post"),
    }
    for (path, _method), operation in operations.items():
        if path.startswith("/api/v1/cases"):
            assert operation["security"] == [{"citizenToken": []}]
            assert "401" in operation["responses"]
        else:
            assert operation["security"] == [{}]
        for code, response in operation["responses"].items():
            if code >= "400":
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error"
    create = operations[("/api/v1/cases", "post")]
    assert set(create["responses"]) == {"200", "201", "400", "401", "415", "422"}
    key = next(p for p in create["parameters"] if p["name"] == "Idempotency-Key")
    assert key["in"] == "header"
    assert key["required"] is True
    assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 100}
    evaluate = operations[("/api/v1/services/{slug}/evaluate", "post")]
    assert "Retry-After" in evaluate["responses"]["429"]["headers"]
    assert schema["components"]["securitySchemes"]["citizenToken"]["scheme"] == "bearer"


def test_the_docs_load_swagger_ui_from_our_own_static_files(anonymous):
    response = anonymous.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/static/drf_spectacular_sidecar/swagger-ui-dist/"), asset
    assert "cdn" not in html
    assert '"validatorUrl": null' in html
    assert '"/api/v1/schema/"' in html


def test_the_swagger_ui_files_are_there_to_serve():
    for name in ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"]:
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}"), (
            "Swagger UI's files are missing: install drf-spectacular-sidecar and add "
            '"drf_spectacular_sidecar" to INSTALLED_APPS.'
        )


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/api/v1/"), ("get", "/api/v1/nope"), ("post", "/api/v1/services/x/y/z")],
)
def test_any_other_path_is_a_json_404(anonymous, method, url):
    response = getattr(anonymous, method)(url)

    assert response.status_code == 404
    assert response.json() == {"detail": "Ikke fundet.", "errors": {}}


def test_the_json_404_speaks_the_callers_language(anonymous):
    response = anonymous.get("/api/v1/nope", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json() == {"detail": "Not found.", "errors": {}}
