from ninja import Router

from voisinage.field.courtesy import api as courtesy_api
from voisinage.field.logbook import api as logbook_api
from voisinage.field.logbook import code_api, scale_api
from voisinage.field.patrols import api as patrols_api
from voisinage.field.staffing import api as staffing_api

router = Router(tags=["field"])
router.add_router("", logbook_api.router)
router.add_router("", staffing_api.router)
router.add_router("", patrols_api.router)
router.add_router("", courtesy_api.router)
router.add_router("", code_api.router)
router.add_router("", scale_api.router)
