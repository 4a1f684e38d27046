"""Every write on courtesy visits: creating a campaign, listing its dwellings (by hand or from a
CSV or XLSX file, all or nothing), removing one, and recording the outcome of a visit with its
logbook intervention. Callers check access first (``access.access_courtesy_campaign(...,
write=True)`` to list dwellings, ``access.access_courtesy_visit(..., write=True)`` to
record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.access import has_capability
from voisinage.core.personal_data import access_logged
from voisinage.field.courtesy.models import CourtesyCampaign, CourtesyVisit, VisitOutcome
from voisinage.field.courtesy.selectors import landlord_entrances
from voisinage.field.courtesy.subjects import visits_of
from voisinage.field.logbook.models import Intervention, Origin
from voisinage.field.logbook.services import intervention_record, intervention_update
from voisinage.field.staffing.selectors import duty_team_tonight
from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.lib.tabular import FileRejected, Problem, RawRow, read_table
from voisinage.schemes.models import MemberRole
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance, Organisation

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.core.personal_data import PersonQuery
    from voisinage.schemes.models import Scheme

# Outcomes an agent may record (``to_visit`` is the state before any visit).
RECORDED_OUTCOMES = (
    VisitOutcome.MET,
    VisitOutcome.ABSENT,
    VisitOutcome.REFUSED,
    VisitOutcome.REVISIT,
)

COLUMNS = ("entree", "logement", "locataire", "note")
REQUIRED = ("entree", "logement")
COLUMN_LABELS = {
    "entree": gettext_lazy("entrance"),
    "logement": gettext_lazy("dwelling"),
    "locataire": gettext_lazy("tenant"),
    "note": gettext_lazy("note"),
}
ALIASES = {"codeentree": "entree", "code": "entree", "numerologement": "logement"}
MAX_VISITS_PER_FILE = 5_000


def courtesy_campaign_create(
    *,
    scheme: Scheme,
    landlord: Organisation,
    name: str,
    starts_on: date,
    ends_on: date | None = None,
    created_by: User,
) -> CourtesyCampaign:
    """A new campaign of ``landlord`` (a landlord of the scheme)."""
    if not scheme.members.filter(role=MemberRole.LANDLORD, organisation=landlord).exists():
        raise ValidationError({"landlord": _("This organisation is not a landlord of the scheme.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end cannot be before the start.")})
    campaign = CourtesyCampaign(
        scheme=scheme,
        landlord=landlord,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=created_by,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


@dataclass(frozen=True)
class _CleanVisit:
    entrance: Entrance
    dwelling: str
    tenant_name: str
    note: str


def _check_values(
    values: dict[str, str],
    entrances: dict[str, Entrance],
    landlord: Organisation,
    taken: set[tuple[int, str]],
) -> tuple[_CleanVisit | None, list[tuple[str, str]]]:
    """One row's cleaned visit, or its problems as (column, message)."""
    problems: list[tuple[str, str]] = []
    code = values.get("entree", "").strip()
    entrance = None
    if not code:
        problems.append(("entree", _("the entrance code is required.")))
    else:
        entrance = entrances.get(code.casefold())
        if entrance is None:
            problems.append(
                (
                    "entree",
                    _("“%(code)s” is not an entrance of %(landlord)s in this scheme.")
                    % {"code": code, "landlord": landlord.name},
                )
            )
    dwelling = values.get("logement", "").strip()
    if not dwelling:
        problems.append(("logement", _("the dwelling number is required.")))
    elif len(dwelling) > 20:
        problems.append(("logement", _("the dwelling number is longer than 20 characters.")))
    tenant = values.get("locataire", "").strip()
    if len(tenant) > 150:
        problems.append(("locataire", _("the tenant's name is longer than 150 characters.")))
    note = values.get("note", "").strip()
    if len(note) > 255:
        problems.append(("note", _("the note is longer than 255 characters.")))
    if entrance is not None and dwelling and (entrance.pk, dwelling.casefold()) in taken:
        problems.append(("logement", _("this dwelling is already in the campaign.")))
    if problems or entrance is None:
        return None, problems
    return _CleanVisit(entrance=entrance, dwelling=dwelling, tenant_name=tenant, note=note), []


def _entrance_index(campaign: CourtesyCampaign) -> dict[str, Entrance]:
    return {e.code.casefold(): e for e in landlord_entrances(campaign)}


def _taken(campaign: CourtesyCampaign) -> set[tuple[int, str]]:
    return {
        (entrance_id, dwelling.casefold())
        for entrance_id, dwelling in campaign.visits.values_list("entrance_id", "dwelling")
    }


def courtesy_visit_add(
    *,
    campaign: CourtesyCampaign,
    entrance_code: str,
    dwelling: str,
    tenant_name: str = "",
    note: str = "",
) -> CourtesyVisit:
    """Add one dwelling to visit (entered by hand); errors by form field."""
    with transaction.atomic():
        CourtesyCampaign.objects.select_for_update().get(pk=campaign.pk)
        clean, problems = _check_values(
            {"entree": entrance_code, "logement": dwelling, "locataire": tenant_name, "note": note},
            _entrance_index(campaign),
            campaign.landlord,
            _taken(campaign),
        )
        if clean is None:
            fields = {"entree": "entrance", "logement": "dwelling", "locataire": "tenant_name"}
            raise ValidationError({fields.get(c, c): m for c, m in problems})
        visit = CourtesyVisit(
            campaign=campaign,
            entrance=clean.entrance,
            dwelling=clean.dwelling,
            tenant_name=clean.tenant_name,
            note=clean.note,
        )
        visit.save()
    return visit


def courtesy_visits_import(*, campaign: CourtesyCampaign, data: bytes, filename: str) -> int:
    """Add the dwellings of a CSV or XLSX file (columns entree, logement, locataire, note).

    All or nothing: any problem raises FileRejected listing every problem by line and column,
    and nothing is added. Entrances must be the campaign landlord's, in the scheme; a dwelling
    may appear once per entrance (in the file and in the campaign). Returns how many were added.
    """
    rows = read_table(
        data,
        filename,
        columns=COLUMNS,
        required=REQUIRED,
        labels=COLUMN_LABELS,
        aliases=ALIASES,
        max_rows=MAX_VISITS_PER_FILE,
    )
    with transaction.atomic():
        CourtesyCampaign.objects.select_for_update().get(pk=campaign.pk)
        clean = _clean_rows(campaign, rows)
        CourtesyVisit.objects.bulk_create(
            CourtesyVisit(
                campaign=campaign,
                entrance=row.entrance,
                dwelling=row.dwelling,
                tenant_name=row.tenant_name,
                note=row.note,
            )
            for row in clean
        )
    return len(clean)


def _clean_rows(campaign: CourtesyCampaign, rows: list[RawRow]) -> list[_CleanVisit]:
    entrances = _entrance_index(campaign)
    taken = _taken(campaign)
    first_line: dict[tuple[int, str], int] = {}
    problems: list[Problem] = []
    clean: list[_CleanVisit] = []
    for row in rows:
        visit, row_problems = _check_values(row.values, entrances, campaign.landlord, taken)
        for column, message in row_problems:
            problems.append(Problem(row.line, str(COLUMN_LABELS[column]), message))
        if visit is None:
            continue
        key = (visit.entrance.pk, visit.dwelling.casefold())
        if key in first_line:
            problems.append(
                Problem(
                    row.line,
                    str(COLUMN_LABELS["logement"]),
                    _("this dwelling already appears on line %(line)s.")
                    % {"line": first_line[key]},
                )
            )
            continue
        first_line[key] = row.line
        clean.append(visit)
    if problems:
        raise FileRejected(problems)
    return clean


@transaction.atomic
def courtesy_visit_remove(*, visit: CourtesyVisit) -> None:
    """Take a dwelling off the list, as long as nobody has visited it."""
    locked = CourtesyVisit.objects.select_for_update().get(pk=visit.pk)
    if locked.outcome != VisitOutcome.TO_VISIT:
        raise ValidationError(_("This dwelling has been visited: it stays on the list."))
    locked.delete()


def _narrative(visit: CourtesyVisit, outcome: str, remark: str) -> str:
    # No tenant name here: the logbook is read by partners who may not see it.
    text = _("Courtesy visit (%(campaign)s), dwelling %(dwelling)s: %(outcome)s.") % {
        "campaign": visit.campaign.name,
        "dwelling": visit.dwelling,
        "outcome": str(VisitOutcome(outcome).label).lower(),
    }
    remark = remark.strip()
    return f"{text}\n{remark}" if remark else text


def courtesy_visit_record(
    *,
    visit: CourtesyVisit,
    outcome: str,
    user: User,
    remark: str = "",
    at: datetime | None = None,
) -> CourtesyVisit:
    """Record the outcome of a visit and its intervention in the logbook.

    The intervention (origin "courtesy visit", source the visit, at the visit's entrance, the
    user's team tonight as agents present) is one per visit and per service night: recording
    again the same night corrects the outcome and updates that intervention; recording on a
    later night (a return after "absent" or "to visit again") records a new one, and the visit
    then points to the latest.
    """
    if outcome not in RECORDED_OUTCOMES:
        raise ValidationError({"outcome": _("Choose met, absent, refused or to visit again.")})
    remark = remark.strip()
    if len(remark) > 1000:
        raise ValidationError({"remark": _("The remark is longer than 1000 characters.")})
    at = at or clock.now()
    if timezone.is_naive(at):
        raise ValidationError(_("Times must carry a time zone."))
    with transaction.atomic():
        locked = (
            CourtesyVisit.objects.select_for_update(of=("self",))
            .select_related("campaign", "campaign__scheme", "entrance")
            .get(pk=visit.pk)
        )
        scheme = locked.campaign.scheme
        night = service_night(at, scheme_service_hours(scheme)).night
        narrative = _narrative(locked, outcome, remark)
        current: Intervention | None = None
        if locked.intervention_id is not None:
            current = Intervention.objects.filter(pk=locked.intervention_id, night=night).first()
        if current is not None:
            intervention = intervention_update(
                intervention=current,
                user=user,
                can_supervise=has_capability(user, scheme.pk, "can_supervise"),
                narrative=narrative,
            )
        else:
            team = duty_team_tonight(user, scheme, night)
            intervention, _created = intervention_record(
                scheme=scheme,
                author=user,
                started_at=at,
                origin=Origin.COURTESY_VISIT,
                entrance=locked.entrance,
                agent_ids=[u.pk for u in team if u.pk != user.pk],
                narrative=narrative,
                source=locked,
            )
        locked.outcome = outcome
        locked.visited_at = at
        locked.visited_by = user
        locked.intervention = intervention
        locked.full_clean()
        locked.save(update_fields=["outcome", "visited_at", "visited_by", "intervention"])
    return locked


def _visits_over(scheme: Scheme, before: datetime) -> QuerySet[CourtesyVisit]:
    """Visits made before ``before``, and those never made of campaigns ended before it."""
    return CourtesyVisit.objects.filter(
        Q(visited_at__lt=before) | Q(visited_at__isnull=True, campaign__ends_on__lt=before.date()),
        campaign__scheme=scheme,
    )


@transaction.atomic
def courtesy_tenants_anonymise(*, scheme: Scheme, before: datetime) -> int:
    """Blank the tenant's name of visits over before ``before`` (retention, docs/personal-data.md);
    the dwelling number stays: it is the visit's key and names nobody on its own."""
    return _visits_over(scheme, before).exclude(tenant_name="").update(tenant_name="")


@transaction.atomic
def courtesy_notes_empty(*, scheme: Scheme, before: datetime) -> int:
    """Empty the notes of visits over before ``before`` (free text that may name people)."""
    return _visits_over(scheme, before).exclude(note="").update(note="")


@transaction.atomic
def courtesy_tenant_erase(*, scheme: Scheme, query: PersonQuery) -> int:
    """A person's erasure: their name and the visit's note blanked on the visits naming them;
    the visits and their outcomes stay for the figures."""
    return visits_of(scheme, query).update(tenant_name="", note="")


@transaction.atomic
def courtesy_tenant_rectify(
    *, scheme: Scheme, query: PersonQuery, corrected: dict[str, str]
) -> int:
    """A person's rectification: the corrected name on the visits naming them."""
    name = corrected.get("name", "")
    return visits_of(scheme, query).update(tenant_name=name) if name else 0


def courtesy_tenants_shown(
    *, user: User, scheme: Scheme, visits: list[CourtesyVisit], where: str
) -> int:
    """Write in the log of access to personal data that ``user`` was shown the tenants' names
    of these visits (those that name one), from the page or route ``where``."""
    shown = [(_("visit #%(n)s") % {"n": v.pk}, v.tenant_name) for v in visits if v.tenant_name]
    return access_logged(scheme=scheme, user=user, where=where, shown=shown) if shown else 0
