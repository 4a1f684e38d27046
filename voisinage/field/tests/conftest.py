import pytest

from voisinage.field.logbook.services import field_codes_ensure_defaults
from voisinage.schemes.services import activity_referential_apply_preset


@pytest.fixture
def codes(cast):
    """The cast's scheme with the default field codes and the XP X60-600 activities."""
    field_codes_ensure_defaults(scheme=cast.scheme)
    activity_referential_apply_preset(scheme=cast.scheme, preset="xp-x60-600")
    return cast
