from voisinage.field.tests import (
    matrix_courtesy,
    matrix_logbook,
    matrix_patrols,
    matrix_phone,
    matrix_settings,
    matrix_staffing,
)

ROUTES = [
    *matrix_logbook.ROUTES,
    *matrix_staffing.ROUTES,
    *matrix_patrols.ROUTES,
    *matrix_courtesy.ROUTES,
    *matrix_phone.ROUTES,
    *matrix_settings.ROUTES,
]
UNMATRIXED = {
    **matrix_logbook.UNMATRIXED,
    **matrix_staffing.UNMATRIXED,
    **matrix_patrols.UNMATRIXED,
    **matrix_courtesy.UNMATRIXED,
    **matrix_phone.UNMATRIXED,
    **matrix_settings.UNMATRIXED,
}
