"""The JSON API, /api/v1 (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Bearer tokens (personal API tokens) or the browser session (with CSRF on writes). Handlers use
``request.auth`` as the acting user and go through the same selectors as the pages.
"""

from typing import Any

from ninja import NinjaAPI

from voisinage import apierrors
from voisinage.apiauth import TokenAuth, VerifiedSessionAuth
from voisinage.apitypes import BoundedParser


class VoisinageAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        # Every operation may answer 400, 401, 404 and 422: described once, for all of them.
        return apierrors.document_errors(super().get_openapi_schema(**kwargs))


api = VoisinageAPI(
    title="Voisinage API",
    version="1",
    description=(
        "API of Voisinage, the information system of social-mediation schemes. "
        "Every answer is limited to what the caller may see; lists are paginated as "
        '{"items": [...], "count": N}.'
    ),
    urls_namespace="api",
    auth=[TokenAuth(), VerifiedSessionAuth()],
    parser=BoundedParser(),
)
apierrors.install(api)  # French errors naming the field, never a 500 for a bad value


from voisinage.schemes.api import router as schemes_router  # noqa: E402
from voisinage.territory.api import router as territory_router  # noqa: E402

api.add_router("/schemes", schemes_router)
api.add_router("/schemes", territory_router)

from voisinage.analytics.api import router as analytics_router  # noqa: E402
from voisinage.desk.api import router as desk_router  # noqa: E402
from voisinage.digests.api import router as digests_router  # noqa: E402
from voisinage.field.api import router as field_router  # noqa: E402
from voisinage.funding.api import router as funding_router  # noqa: E402
from voisinage.governance.api import router as governance_router  # noqa: E402
from voisinage.privacy.api import router as privacy_router  # noqa: E402
from voisinage.reports.api import router as reports_router  # noqa: E402

api.add_router("/schemes", field_router)
api.add_router("/schemes", governance_router)
api.add_router("/schemes", reports_router)
api.add_router("/schemes", desk_router)
api.add_router("/schemes", analytics_router)
api.add_router("/schemes", digests_router)
api.add_router("/schemes", privacy_router)
# Funding answers both /agreements/{id}/… and /schemes/{slug}/agreements: mounted at the root.
api.add_router("", funding_router)

from voisinage.networks.api import router as networks_router  # noqa: E402

api.add_router("/networks", networks_router)
