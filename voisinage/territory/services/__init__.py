"""Writes on the territory: the housing-stock import (all or nothing, ``stock``) and the
settings area's neighbourhoods, residences and entrances (``places``, ``retire``)."""

from voisinage.territory.services.places import ENTRANCES as ENTRANCES
from voisinage.territory.services.places import NEIGHBOURHOODS as NEIGHBOURHOODS
from voisinage.territory.services.places import entrance_create as entrance_create
from voisinage.territory.services.places import entrance_update as entrance_update
from voisinage.territory.services.places import neighbourhood_create as neighbourhood_create
from voisinage.territory.services.places import neighbourhood_update as neighbourhood_update
from voisinage.territory.services.places import organisation_ensure as organisation_ensure
from voisinage.territory.services.places import residence_create as residence_create
from voisinage.territory.services.retire import neighbourhood_retire as neighbourhood_retire
from voisinage.territory.services.retire import residence_retire as residence_retire
from voisinage.territory.services.stock import ImportResult as ImportResult
from voisinage.territory.services.stock import housing_stock_import as housing_stock_import
