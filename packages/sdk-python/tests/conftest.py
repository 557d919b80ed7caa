"""Shared fixtures: one locksmith-fake for the session, cleared between tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fakes import Fake, running_fake


@pytest.fixture(scope="session")
def fake() -> Iterator[Fake]:
    with running_fake() as started:
        # boto3 reads credentials from the environment; the fake accepts its own key only.
        saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION")}
        os.environ["AWS_ACCESS_KEY_ID"] = started.env["AWS_ACCESS_KEY_ID"]
        os.environ["AWS_SECRET_ACCESS_KEY"] = started.env["AWS_SECRET_ACCESS_KEY"]
        os.environ["AWS_REGION"] = started.region
        try:
            yield started
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


@pytest.fixture
def fakes(fake: Fake) -> Iterator[Fake]:
    """The session's fake with no faults and an empty request log, before and after the test."""
    fake.clear_faults()
    fake.clear_requests()
    yield fake
    fake.clear_faults()
