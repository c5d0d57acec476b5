"""The API keeps the promises of its OpenAPI description, on the real server (schemathesis).

1. The live server serves, at /api/openapi.json, the description the routes declare (webui.api.OPERATIONS).
2. Schemathesis sends every route of that description, on `condsearch serve` (started by the tests, as
   deployed), requests made from it: every documented parameter and header, valid values and malformed
   ones (wrong types, out of bounds, missing, blank). No answer is a server error (5xx); every answer has a
   documented status, media type and headers, and a body of the documented shape; malformed values are
   refused.
"""
from __future__ import annotations

import requests
import schemathesis

from webui import api, openapi

# Examples per route: enough to reach each parameter's bounds, types and blanks, within a minute or two.
EXAMPLES_PER_ROUTE = 60

DESCRIPTION = openapi.document(tuple(api.OPERATIONS))
config = schemathesis.Config.from_dict({
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_ROUTE, "deterministic": True},
})
schema = schemathesis.openapi.from_dict(DESCRIPTION, config=config)


def test_the_server_serves_the_description_its_routes_declare(live_server):
    served = requests.get(f"{live_server}/api/openapi.json", timeout=30)
    assert served.status_code == 200 and served.json() == DESCRIPTION


@schema.parametrize()
def test_every_route_keeps_its_description(case, live_server):
    case.call_and_validate(base_url=live_server)
