"""Every example in the OpenAPI document is true: a model's examples validate against that
model, and each parameter's examples, sent as they are, get a 200 on the seed corpus."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import api.schemas
from api.app import create_app


def _spec() -> dict[str, Any]:
    return create_app().openapi()  # building the document needs no lifespan


def _model_examples() -> list[tuple[str, int, Any]]:
    schemas = _spec()["components"]["schemas"]
    return [
        (name, i, example)
        for name, schema in sorted(schemas.items())
        for i, example in enumerate(schema.get("examples", []))
    ]


@pytest.mark.parametrize(("name", "i", "example"), _model_examples())
def test_model_example_validates(name: str, i: int, example: Any) -> None:
    model = getattr(api.schemas, name)
    assert issubclass(model, BaseModel)
    model.model_validate(example)


def test_every_response_model_has_examples() -> None:
    names = {name for name, _, _ in _model_examples()}
    assert len(names) >= 14, names
    assert {"SearchResponse", "AskResponse", "CiteResponse", "HealthResponse"} <= names


def test_the_health_example_names_the_default_model() -> None:
    from index.embed import DEFAULT_MODEL, profile_for

    for example in _spec()["components"]["schemas"]["HealthResponse"]["examples"]:
        assert example["embedding"]["model"] == DEFAULT_MODEL
        assert set(example["embedding"]["languages"]) == profile_for(DEFAULT_MODEL).languages


def _parameter_requests() -> list[tuple[str, str, dict[str, Any]]]:
    """(path, example key, query) for each GET operation whose parameters have examples:
    all parameters of one request take the example of the same key (ko, en)."""
    out = []
    for path, operations in sorted(_spec()["paths"].items()):
        parameters = [p for p in operations.get("get", {}).get("parameters", []) if "examples" in p]
        keys = sorted({k for p in parameters for k in p["examples"]})
        for key in keys:
            url, query = path, {}
            for p in parameters:
                value = p["examples"][key]["value"]
                if p["in"] == "path":
                    url = url.replace("{" + p["name"] + "}", str(value))
                else:
                    query[p["name"]] = value
            out.append((url, key, query))
    return out


@pytest.mark.parametrize(("url", "key", "query"), _parameter_requests())
def test_parameter_examples_are_accepted_and_found(
    client: TestClient, url: str, key: str, query: dict[str, Any]
) -> None:
    r = client.get(url, params=query)
    assert r.status_code == 200, r.text


def test_write_parameters_share_the_read_examples() -> None:
    """PATCH's and DELETE's examples cannot be sent to a shared index; they are GET's,
    checked above."""
    operations = _spec()["paths"]["/api/documents/{doc_id}"]
    (get,) = operations["get"]["parameters"]
    for method in ("patch", "delete"):
        (write,) = operations[method]["parameters"]
        assert write == get, method


def test_the_correction_body_names_every_editable_field() -> None:
    from ingest.edits import EDITABLE

    spec = _spec()
    body = spec["paths"]["/api/documents/{doc_id}"]["patch"]["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/DocumentEdit"}
    edit = spec["components"]["schemas"]["DocumentEdit"]
    assert list(edit["properties"]) == list(EDITABLE)
    assert edit["additionalProperties"] is False


def test_passage_examples_are_the_passages_served(client: TestClient) -> None:
    for example in _spec()["components"]["schemas"]["PassageOut"]["examples"]:
        served = client.get(f"/api/passages/{example['id']}").json()
        assert served["passage"] == example
