"""README's table of the JSON API says what the OpenAPI description (and so the code) says.

1. Every route of the description has a row, and every row is a route of the description.
2. Each row names every parameter of its route with its bounds, default, choices and length limit.
3. The error example is a real answer.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from webui import api, openapi

README = Path(__file__).resolve().parents[2] / "README.md"
DESCRIPTION = openapi.document(tuple(api.OPERATIONS))


def readme_rows() -> dict[str, str]:
    """{route: the rest of its row} of the table under "### The JSON API"."""
    section = README.read_text(encoding="utf-8").split("### The JSON API", 1)[1].split("\n### ", 1)[0]
    return {match.group(1): match.group(2) for match in re.finditer(r"^\| `(/[^`]*)` \|(.*)$", section, re.M)}


def test_every_route_has_a_row_and_every_row_is_a_route():
    assert set(readme_rows()) == set(DESCRIPTION["paths"])


def parameter_claims(parameter: dict) -> list[str]:
    schema = parameter["schema"]
    claims = [f"`{parameter['name']}`"]
    if parameter["in"] == "path":
        return claims
    if schema.get("type") == "integer":
        claims.append(f"{schema['minimum']}-{schema['maximum']}")
        claims.append(f"default {schema['default']}" if "default" in schema else "required")
    elif "maxLength" in schema:
        claims.append(f"at most {schema['maxLength']} characters")
    elif parameter["name"] != "exact":  # a switch: the row says what `1` does
        claims += [f"`{value}`" for value in schema["enum"]]
    return claims


@pytest.mark.parametrize("path", sorted(DESCRIPTION["paths"]))
def test_each_row_names_its_parameters_with_their_bounds(path):
    row = readme_rows()[path]
    for parameter in next(iter(DESCRIPTION["paths"][path].values())).get("parameters", []):
        if parameter["in"] == "header":
            continue
        for claim in parameter_claims(parameter):
            assert claim in row, (path, parameter["name"], claim)


def test_the_error_example_is_what_the_api_answers(client):
    section = README.read_text(encoding="utf-8").split("### The JSON API", 1)[1]
    example = json.loads(re.sub(r"\s*\n\s*", " ", re.search(r"`(\{\"error\": .*?\})`", section, re.S).group(1)))
    value = re.search(r"not '([^']*)'", example["error"]).group(1)
    answer = client.get("/api/search", query_string={"q": "leukaemia", example["parameter"]: value})
    assert answer.status_code == example["status"] and answer.get_json() == example
