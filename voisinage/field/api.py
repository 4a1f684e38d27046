from ninja import Router

from voisinage.field import api_courtesy, api_logbook, api_patrols, api_staffing

router = Router(tags=["field"])
router.add_router("", api_logbook.router)
router.add_router("", api_staffing.router)
router.add_router("", api_patrols.router)
router.add_router("", api_courtesy.router)
