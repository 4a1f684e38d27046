"""The one registry of extension points: every app module of a point's name is found, with its
attribute, the reading app's own contribution first; a module without it is refused."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.exceptions import ImproperlyConfigured

from voisinage.core import extensions
from voisinage.core.extensions import (
    ACCESS_LOG,
    DIGEST,
    HOME,
    INDICATORS,
    NAV,
    PERSONAL_DATA,
    POINTS,
    SCHEDULE,
    SCHEME_SETUP,
    ExtensionPoint,
)


def labels(point: ExtensionPoint[object]) -> list[str]:
    return [c.app_label for c in point.contributions()]


def test_each_point_finds_the_apps_that_take_part():
    assert labels(NAV) == [
        "territory",
        "schemes",
        "field",
        "governance",
        "funding",
        "reports",
        "desk",
        "analytics",
        "digests",
        "privacy",
    ]
    assert set(labels(DIGEST)) == {"desk", "reports"}
    assert set(labels(SCHEDULE)) == {"governance", "funding", "reports", "digests", "privacy"}
    assert set(labels(PERSONAL_DATA)) == {"field", "reports", "desk"}
    assert labels(ACCESS_LOG) == ["desk"]
    assert labels(SCHEME_SETUP) == ["field"]
    assert set(labels(HOME)) == {"desk", "reports", "digests"}


def test_the_reading_app_comes_first():
    assert labels(INDICATORS)[0] == "analytics"
    assert set(labels(INDICATORS)) == {"analytics", "desk", "reports"}


def test_every_point_s_contributions_are_callable_or_data():
    for point in POINTS:
        for contribution in point.contributions():
            assert contribution.value is not None, (point, contribution.app_label)


def test_a_module_without_the_attribute_is_a_configuration_error(monkeypatch):
    name = "voisinage.territory.digest"
    real_find_spec = extensions.find_spec
    monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setattr(
        extensions,
        "find_spec",
        lambda module: object() if module == name else real_find_spec(module),
    )
    extensions.forget()
    try:
        with pytest.raises(ImproperlyConfigured, match=r"voisinage\.territory\.digest must define"):
            DIGEST.contributions()
    finally:
        extensions.forget()
