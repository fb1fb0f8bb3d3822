"""Schemathesis against the running server's own OpenAPI spec (a bounded number of examples).

Valid requests (positive mode, every operation, JSON and multipart) must get a
documented status and a response matching the documented schema — for
/v1/check, the report JSON schema — and none may crash the server; schemathesis
also checks that every operation refuses a request without a key. Invalid
JSON bodies (negative mode) must be rejected with a 4xx. Multipart is left out
of negative mode: form fields are strings on the wire, so a "number" there is
not invalid.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, assume, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402

from tests.service.conftest import API_KEY, Server  # noqa: E402

MAX_EXAMPLES = 15


def _schema(server: Server, mode: GenerationMode):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    schema.config.generation.update(modes=[mode], max_examples=MAX_EXAMPLES, deterministic=True)
    return schema


@pytest.fixture(scope="module")
def valid_requests(server: Server):  # type: ignore[no-untyped-def]
    return _schema(server, GenerationMode.POSITIVE)


@pytest.fixture(scope="module")
def invalid_requests(server: Server):  # type: ignore[no-untyped-def]
    return _schema(server, GenerationMode.NEGATIVE)


valid = schemathesis.pytest.from_fixture("valid_requests")
invalid = schemathesis.pytest.from_fixture("invalid_requests").include(path="/v1/check")
_settings = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@valid.parametrize()
@_settings
def test_valid_requests_get_documented_answers(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"X-API-Key": API_KEY})


@invalid.parametrize()
@_settings
def test_invalid_json_is_rejected(case) -> None:  # type: ignore[no-untyped-def]
    assume(case.media_type == "application/json")
    case.call_and_validate(headers={"X-API-Key": API_KEY})
