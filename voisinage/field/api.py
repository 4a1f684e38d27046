from ninja import Router

from voisinage.field import api_courtesy, api_patrols
from voisinage.field.logbook import api as logbook_api
from voisinage.field.staffing import api as staffing_api

router = Router(tags=["field"])
router.add_router("", logbook_api.router)
router.add_router("", staffing_api.router)
router.add_router("", api_patrols.router)
router.add_router("", api_courtesy.router)
