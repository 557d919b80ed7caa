"""names_py, generated from codegen's python-names fixture: keywords, builtins, module and Client
names, and names that differ only in punctuation each read their own value."""

from __future__ import annotations

import names_py
import pytest

SECRETS = {
    "NONE_VALUE": "none-value",
    "TRUE_VALUE": "true-value",
    "FALSE_VALUE": "false-value",
    "CLASS_VALUE": "class-value",
    "AB_VALUE": "ab-value",
    "A_B_VALUE": "a-b-value",
    "VALUE_ERROR_VALUE": "value-error-value",
    "CLOSE_VALUE": "close-value",
    "SECRETS_VALUE": "secrets-value",
    "CLIENT_VALUE": "client-value",
}
FIELDS = {
    "F_DATACLASSES": "f-dataclasses",
    "F_FIELD": "f-field",
    "F_NONE": "f-none",
    "F_TRUE": "f-true",
    "F_OS": "f-os",
    "F_MATCH": "f-match",
    "F_TYPE": "f-type",
    "F_CLASS": "f-class",
    "F_IMPORT": "f-import",
    "F_VALUE": "f-value",
    "F_MAPPING": "f-mapping",
}
ENV = {**SECRETS, **FIELDS}


def _check(secrets: names_py.Secrets) -> None:
    assert secrets.none.value == "none-value"
    assert secrets.true.value == "true-value"
    assert secrets.false.value == "false-value"
    assert secrets.class_.value == "class-value"
    # ab and a-b once shared a generated constant and read each other's value.
    assert (secrets.ab.value, secrets.a_b.value) == ("ab-value", "a-b-value")
    assert secrets.value_error.value == "value-error-value"
    assert secrets.close_.value == "close-value"
    assert secrets.secrets.value == "secrets-value"
    assert secrets.client.value == "client-value"
    f = secrets.fields
    assert (f.dataclasses, f.field, f.none, f.true, f.os) == ("f-dataclasses", "f-field", "f-none", "f-true", "f-os")
    assert (f.match_, f.type_, f.class_, f.import_, f.value, f.mapping) == (
        "f-match",
        "f-type",
        "f-class",
        "f-import",
        "f-value",
        "f-mapping",
    )


def test_classes_never_shadow_keywords_builtins_or_the_module() -> None:
    exported = set(names_py.__all__)
    assert {"NoneSecret", "TrueSecret", "FalseSecret", "ValueErrorSecret", "SecretsSecret", "ClientSecret"} <= exported
    assert not exported & {"None", "True", "False", "ValueError"}
    assert names_py.Secrets.__name__ == "Secrets" and names_py.Client.__name__ == "Client"


def test_every_name_reads_its_own_value_from_env() -> None:
    _check(names_py.load(ENV))


def test_every_name_reads_its_own_value_in_store_mode() -> None:
    with names_py.connect(environment="dev", env=ENV) as client:
        client.preload()
        _check(client.snapshot())
        assert client.close_.get().value == "close-value"
        assert client.a_b.get().value != client.ab.get().value


@pytest.mark.parametrize("env_var", sorted(FIELDS))
def test_a_missing_field_is_named_by_its_catalog_name(env_var: str) -> None:
    env = dict(ENV)
    del env[env_var]
    with pytest.raises(names_py.SecretsError) as caught:
        names_py.load(env)
    assert [(p.secret, p.env_var, p.rule) for p in caught.value.problems] == [("fields", env_var, "required")]
