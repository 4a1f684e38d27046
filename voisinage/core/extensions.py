"""The one registry of per-app extension points.

An app takes part in a shared feature by having a module of a known name that defines a known
attribute: ``voisinage/desk/nav.py`` defines ``scheme_entries`` and the scheme's menu shows the
desk's entries. The feature asks its point here for the contributions; nothing else walks over
the installed apps. Every point is declared below, so this list is the whole list:

============  =====================  ================================  ===========================
point         module in an app       defines                           read by
============  =====================  ================================  ===========================
NAV           ``nav``                ``scheme_entries(user, scheme)``  the scheme's menu
                                     ``-> list[NavEntry]``             (``voisinage.navigation``)
DIGEST        ``digest``             ``digest_sections(scheme, night)  the daily digest
                                     -> list[Section]``                (``digests.compile``)
INDICATORS    ``indicators``         ``analytics_indicators()``        the indicator registry
                                     ``-> list[Indicator]``            (``core.indicators``)
SCHEDULE      ``schedule``           ``jobs() -> list[Job]``           the scheduler
                                                                       (``core.scheduler``)
SCHEME_SETUP  ``setup``              ``scheme_defaults(*, scheme)``    a new scheme's defaults
                                                                       (``schemes.services``)
HEALTH        ``health``             ``health_checks(now)``            ``/healthz``
                                     ``-> list[HealthCheck]``          (``core.health``)
HOME          ``home``               ``home_panels(user, scheme)``     a landlord's home page
                                     ``-> list[HomePanel]``            (``territory.views``)
SETTINGS      ``settings_area``      ``settings_sections(scheme)``     the scheme's settings area
                                     ``-> list[SettingsSection]``      (``schemes.settings``)
PERSONAL_DATA ``personal_data``      ``holders() -> list[Holder]``     retention and anonymisation
                                                                       (``privacy.services``)
ACCESS_LOG    ``access_log``         ``log_access(*, scheme, user,     pages that show personal
                                     where, shown)``                   data outside the desk
                                                                       (``core.personal_data``)
DEMO          ``demo``               ``load() -> str``                 ``manage.py load_demo``
TEST_ROUTES   ``tests.matrix``       ``ROUTES``, ``UNMATRIXED``        the persona matrix test
============  =====================  ================================  ===========================

Contributions come in INSTALLED_APPS order, the host's own first (the app that reads the point,
e.g. analytics' library of indicators before the indicators other apps add). Only the project's
apps (``voisinage.*``, core excepted) are looked at. A module that exists but lacks the
attribute is a configuration error, reported with the module's name.

The contract types of the points (``NavEntry``, ``Section``, ``Job``, ``Indicator``,
``HomePanel``) live in ``core`` too, so an app that contributes depends on ``core`` only, never
on the app that reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date, datetime

    from voisinage.core.health import HealthCheck
    from voisinage.core.home import HomePanel
    from voisinage.core.indicators import Indicator
    from voisinage.core.navigation import NavEntry
    from voisinage.core.personal_data import Holder
    from voisinage.core.scheduler import Job
    from voisinage.core.sections import Section
    from voisinage.core.settings_area import SettingsSection

PROJECT_PREFIX = "voisinage."
CORE = "voisinage.core"  # declares the points and their types; takes part in none


@dataclass(frozen=True)
class Contribution[T]:
    """What one app gives to a point: its label and the attribute's value."""

    app_label: str
    value: T


@dataclass(frozen=True)
class ExtensionPoint[T]:
    """A place where apps plug in: each app may have ``<app>.<module>`` defining ``attribute``.
    ``host`` is the label of the app that reads the point; its contribution comes first."""

    module: str
    attribute: str
    host: str = ""

    def contributions(self) -> list[Contribution[T]]:
        """Each app's contribution, host first, then in INSTALLED_APPS order."""
        return [Contribution(label, cast("T", value)) for label, value in _found(self)]

    def values(self) -> list[T]:
        return [c.value for c in self.contributions()]


@cache
def _found(point: ExtensionPoint[Any]) -> tuple[tuple[str, object], ...]:
    found: list[tuple[str, object]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith(PROJECT_PREFIX) or config.name == CORE:
            continue
        name = f"{config.name}.{point.module}"
        parent = name.rpartition(".")[0]
        if parent != config.name and find_spec(parent) is None:
            continue  # e.g. an app without a tests package
        if find_spec(name) is None:
            continue
        module = import_module(name)
        if not hasattr(module, point.attribute):
            raise ImproperlyConfigured(f"{name} must define {point.attribute}")
        entry = (config.label, getattr(module, point.attribute))
        if config.label == point.host:
            found.insert(0, entry)
        else:
            found.append(entry)
    return tuple(found)


def forget() -> None:
    """Forget what was found (after INSTALLED_APPS changed, in a test)."""
    _found.cache_clear()


# --- The points -------------------------------------------------------------------------------
# The types are the attributes' types; they are only checked by mypy, so core imports nothing.

type NavHook = Callable[[Any, Any], list[NavEntry]]
type DigestHook = Callable[[Any, date], list[Section]]
type IndicatorsHook = Callable[[], list[Indicator]]
type JobsHook = Callable[[], list[Job]]
type SchemeSetupHook = Callable[..., object]
type HomeHook = Callable[[Any, Any], list[HomePanel]]
type DemoHook = Callable[[], str]
type SettingsHook = Callable[[Any], list[SettingsSection]]
type HealthHook = Callable[[datetime], list[HealthCheck]]
type PersonalDataHook = Callable[[], list[Holder]]
type AccessLogHook = Callable[..., int]

NAV: ExtensionPoint[NavHook] = ExtensionPoint("nav", "scheme_entries")
DIGEST: ExtensionPoint[DigestHook] = ExtensionPoint("digest", "digest_sections", host="digests")
INDICATORS: ExtensionPoint[IndicatorsHook] = ExtensionPoint(
    "indicators", "analytics_indicators", host="analytics"
)
SCHEDULE: ExtensionPoint[JobsHook] = ExtensionPoint("schedule", "jobs")
SCHEME_SETUP: ExtensionPoint[SchemeSetupHook] = ExtensionPoint("setup", "scheme_defaults")
HOME: ExtensionPoint[HomeHook] = ExtensionPoint("home", "home_panels")
SETTINGS: ExtensionPoint[SettingsHook] = ExtensionPoint(
    "settings_area", "settings_sections", host="schemes"
)
DEMO: ExtensionPoint[DemoHook] = ExtensionPoint("demo", "load")
HEALTH: ExtensionPoint[HealthHook] = ExtensionPoint("health", "health_checks")
PERSONAL_DATA: ExtensionPoint[PersonalDataHook] = ExtensionPoint("personal_data", "holders")
ACCESS_LOG: ExtensionPoint[AccessLogHook] = ExtensionPoint("access_log", "log_access", host="desk")
TEST_ROUTES: ExtensionPoint[list[Any]] = ExtensionPoint("tests.matrix", "ROUTES")
TEST_UNMATRIXED: ExtensionPoint[dict[str, str]] = ExtensionPoint("tests.matrix", "UNMATRIXED")

POINTS: tuple[ExtensionPoint[Any], ...] = (
    NAV,
    DIGEST,
    INDICATORS,
    SCHEDULE,
    SCHEME_SETUP,
    HOME,
    SETTINGS,
    DEMO,
    HEALTH,
    PERSONAL_DATA,
    ACCESS_LOG,
    TEST_ROUTES,
    TEST_UNMATRIXED,
)
