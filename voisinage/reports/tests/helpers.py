"""Small builders shared by the report tests."""

from datetime import datetime
from zoneinfo import ZoneInfo

from voisinage.reports.services import Place, report_create

PARIS = ZoneInfo("Europe/Paris")
# A Wednesday evening, in term time, far from public holidays.
WEDNESDAY = datetime(2025, 6, 11, 22, 30, tzinfo=PARIS)


def make_report(cast, reporting, code="ascenseur", *, entrance=None, at=WEDNESDAY, **place):
    """A report by the supervisor; ``entrance`` is an Entrance or None (then ``place``)."""
    if entrance is None and not place:
        place = {"place_label": "Parking du stade"}
    return report_create(
        scheme=cast.scheme,
        author=cast.supervisor,
        category=reporting.categories[code],
        description="Constaté pendant la tournée.",
        place=Place(entrance=entrance, **place),
        at=at,
    )
