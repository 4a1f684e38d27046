"""Schemathesis over the whole API, as a supervisor and as a landlord's referent (Bearer tokens):
no answer is a 5xx, and every answer matches the OpenAPI (status, content type, body schema).

Bounded: a few generated cases per operation (VOISINAGE_FUZZ_EXAMPLES, default 15), so that
both engines together stay within a few minutes in CI. Each generated request is sent as each
persona: generating the cases costs about as much as answering them, and the generation is
derandomized, so two runs (one per persona) would generate the very same cases. A failure names
the persona and prints the request to replay.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings, strategies
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from voisinage.accounts.services import api_token_create
from voisinage.desk.services import call_natures_ensure_defaults
from voisinage.digests.services import digest_compile
from voisinage.digests.tests.conftest import NIGHT, scripted_night  # noqa: F401 - a fixture

EXAMPLES = int(os.environ.get("VOISINAGE_FUZZ_EXAMPLES", "15"))
ONLY = os.environ.get("VOISINAGE_FUZZ_ONLY", "")  # e.g. "/reports": those operations alone
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
    negative_data_rejection,
]


# The description is read once, at collection (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


@pytest.fixture
def populated(cast, scripted_night, client):  # noqa: F811 - the imported fixture
    """Something to read in each list: the digests' scripted night (interventions of every
    kind) compiled into a digest, a call, and a landlord's instruction with a time slot."""
    digest_compile(scheme=cast.scheme, night=NIGHT)
    call_natures_ensure_defaults(scheme=cast.scheme)
    base = "/api/v1/schemes/rivebourg"
    made = [
        client.post(
            f"{base}/calls",
            {
                "received_at": "2025-06-14T22:00:00+02:00",
                "nature": "regroupement-hall",
                "entrance_code": "HN-1",
            },
            content_type="application/json",
            headers=bearer(cast.supervisor),
        ),
        client.post(
            f"{base}/instructions",
            {"nature": "regroupement-hall", "entrance_code": "HN-1", "slot_start": "21:00"},
            content_type="application/json",
            headers=bearer(cast.north_referent),
        ),
    ]
    assert [r.status_code for r in made] == [201, 201], [r.content for r in made]
    return cast


def bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(user=user, name="fuzzing")
    return {"Authorization": f"Bearer {raw}"}


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
)


@contextmanager
def kept_test_connection():
    """Requests go through Django's WSGI handler, whose request signals close a database
    connection that is not in autocommit mode, as the test's transaction is. Django's test client
    disconnects them around each request the same way (and connects them again after it, which
    is why this wraps the whole run rather than being a fixture)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(personas: dict[str, dict[str, str]]) -> list[str]:
    """Every operation, EXAMPLES generated requests each, sent as each persona; the failures,
    described."""
    # The WSGI transport asks for gzip but does not decompress what it gets (the phone's
    # perimeter download is compressed for clients that ask): ask for the body as it is.
    personas = {
        who: {**headers, "Accept-Encoding": "identity"} for who, headers in personas.items()
    }
    failures = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # an operation the description cannot express
            failures.append(f"invalid operation in the OpenAPI: {result.err()}")
            continue
        operation = result.ok()
        if ONLY not in operation.label:
            continue

        # The scheme the personas belong to, so that requests reach past the scheme's 404;
        # valid requests and invalid ones (which must be refused with a 4xx).
        fixed = {"slug": "rivebourg"} if "{slug}" in operation.path else None
        cases = strategies.one_of(
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=fixed),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=fixed),
        )

        @given(case=cases)
        @FUZZ
        def run(case: Any) -> None:
            # Each request in a savepoint rolled back: the data stay as set up, and a database
            # error (PostgreSQL aborts the transaction) cannot spill into the next request.
            problems = []
            for who, headers in personas.items():
                with transaction.atomic():
                    try:
                        case.call_and_validate(headers=headers, checks=CHECKS)
                    except (Exception, BaseExceptionGroup) as exc:
                        problems.append(f"as the {who}: {exc}")
                    transaction.set_rollback(True)
            if problems:
                raise AssertionError("\n".join(problems))

        try:
            with kept_test_connection():
                run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    return failures


@pytest.mark.slow
def test_the_api_answers_a_supervisor_and_a_landlord_without_a_5xx_and_as_documented(populated):
    failures = fuzz(
        {
            "supervisor": bearer(populated.supervisor),
            "landlord's referent": bearer(populated.north_referent),
        }
    )
    assert failures == [], "\n\n".join(failures)
