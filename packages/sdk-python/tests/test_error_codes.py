"""The codes and their retryability are the ones every runtime shares (testkit's error-codes.json):
a code added to one runtime alone fails here or in the others' tests of the same file."""

from __future__ import annotations

import json

from fakes import REPO

from locksmith_sdk import ERROR_CODES, RETRYABLE


def test_error_codes_are_the_shared_list_in_order_with_their_retryability() -> None:
    shared = json.loads((REPO / "packages/testkit/contract/error-codes.json").read_text())["codes"]
    assert [{"code": code, "retryable": code in RETRYABLE} for code in ERROR_CODES] == shared
