"""The register of processing (GDPR art. 30) of a scheme, generated from its settings: the
controller and its data-protection contacts, the purposes (the parts the scheme uses), the
categories of people and of data (what each app holds, through the ``personal_data`` extension
point), the recipients (the members' organisations and their users' roles, the reports' routing
table), the retention rules and the security measures; a PDF the controller signs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voisinage.accounts.models import Membership
from voisinage.core.extensions import PERSONAL_DATA
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.pdf import render_pdf
from voisinage.privacy.selectors import retention_lines
from voisinage.schemes.models import Capability, MemberRole, SchemeMember

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from voisinage.schemes.models import Scheme

# Always there: the logbook, the digest and the steering.
PURPOSES_ALWAYS: list[Promise] = [
    gettext_lazy(
        "Keep the field logbook of the mediation teams' interventions and send the partners "
        "the daily digest of the night."
    ),
    gettext_lazy(
        "Steer and evaluate the scheme: indicators, dashboards and reviews, without identities."
    ),
]
PURPOSES: dict[str, Promise] = {
    Capability.PHONE_DESK: gettext_lazy(
        "Take residents' calls, send a team, call the caller back and ask their satisfaction."
    ),
    Capability.INSTRUCTIONS: gettext_lazy(
        "Carry out the landlords' instructions about a dwelling or a tenant."
    ),
    Capability.REPORTS: gettext_lazy(
        "Report damage and nuisances to the partner in charge, with photos, and follow them up."
    ),
    Capability.COURTESY_VISITS: gettext_lazy("Visit tenants on the landlords' campaigns."),
    Capability.PATROLS: gettext_lazy("Plan and record the patrols of the residences."),
    Capability.STAFFING: gettext_lazy("Plan the mediators' nights and hours."),
}
PEOPLE: list[tuple[str | None, Promise]] = [
    (Capability.PHONE_DESK, gettext_lazy("Residents who call the scheme")),
    (Capability.INSTRUCTIONS, gettext_lazy("Tenants named by their landlord")),
    (Capability.COURTESY_VISITS, gettext_lazy("Tenants visited")),
    (None, gettext_lazy("Mediators and the scheme's users (partners' staff)")),
]
SECURITY: list[Promise] = [
    gettext_lazy(
        "Each user reads only their perimeter (their organisation, landlord or neighbourhoods); "
        "anything else answers as if it did not exist."
    ),
    gettext_lazy(
        "Callers' and tenants' identities are masked by default and shown only to the roles "
        "that need them, one record at a time."
    ),
    gettext_lazy(
        "Every display of a person's identity or contact is written in an access log, read by "
        "the data-protection contact."
    ),
    gettext_lazy(
        "Personal data past its retention period is anonymised every night; the statistics "
        "keep no identity."
    ),
    gettext_lazy(
        "E-mails and documents sent to partners carry no caller's phone or e-mail; the "
        "satisfaction survey link carries no identity."
    ),
    gettext_lazy("Personal logins, encrypted connections (HTTPS), history of every change."),
]

# What happens when the period is over (docs/personal-data.md, "Anonymisation").
AFTERWARDS: dict[str, Promise] = {
    "caller": gettext_lazy("identity and contact blanked, statistics kept"),
    "tenant": gettext_lazy("identity and contact blanked, statistics kept"),
    "narrative": gettext_lazy("texts emptied"),
    "photo": gettext_lazy("deleted"),
    "survey": gettext_lazy("deleted, the satisfaction kept on the call"),
    "access_log": gettext_lazy("deleted"),
}


def register_data(scheme: Scheme) -> dict[str, Any]:
    """The register's content, every string in French, for the Typst template."""
    today = clock.local_today(scheme.time_zone)
    used = set(scheme.capabilities)
    holders = [h for hs in PERSONAL_DATA.values() for h in hs()]
    memberships = (
        Membership.objects.filter(scheme=scheme)
        .in_force(today)
        .select_related("organisation", "role", "user")
        .order_by("organisation__name", "role__label")
    )
    organisations: dict[str, dict[str, set[str]]] = {}
    contacts: list[str] = []
    for m in memberships:
        entry = organisations.setdefault(m.organisation.name, {"roles": set(), "sees": set()})
        entry["roles"].add(m.role.label)
        if m.role.sees_personal_data:
            entry["sees"].add(_("callers' and tenants' identities"))
        if m.role.sees_sensitive:
            entry["sees"].add(_("sensitive narratives"))
        if m.role.reads_access_log:
            contacts.append(f"{m.user.display_name} ({m.role.label})")
    landlords = set(
        SchemeMember.objects.filter(scheme=scheme, role=MemberRole.LANDLORD)
        .in_force(today)
        .values_list("organisation__name", flat=True)
    )
    for name in landlords & organisations.keys():
        # ADR 0018: a landlord's referents see the tenant of their own instructions.
        organisations[name]["sees"].add(_("the tenants named in its own instructions"))
    members = {
        member.organisation.name: member.get_role_display()
        for member in SchemeMember.objects.filter(scheme=scheme)
        .in_force(today)
        .select_related("organisation")
    }
    routed = sorted({name for h in holders if h.recipients for name in h.recipients(scheme)})
    recipients = [
        [
            name,
            str(members.get(name, "—")),
            ", ".join(sorted(entry["roles"])),
            ", ".join(sorted(entry["sees"])) or _("no identity"),
        ]
        for name, entry in sorted(organisations.items())
    ]
    fields = [
        [_("Controller"), f"{scheme.operator.name} — {scheme.name}"],
        [_("Data-protection contact"), ", ".join(sorted(set(contacts))) or "—"],
        [_("Register drawn up on"), format_date(today)],
    ]
    return {
        "title": _("Register of processing — %(scheme)s") % {"scheme": scheme.name},
        "lines": [_("General data protection regulation (GDPR), article 30.")],
        "sections": [
            {"heading": _("Controller"), "fields": fields},
            {
                "heading": _("Purposes"),
                "items": [
                    str(p)
                    for p in PURPOSES_ALWAYS
                    + [text for cap, text in PURPOSES.items() if cap in used]
                ],
            },
            {
                "heading": _("People concerned"),
                "text": ", ".join(str(t) for cap, t in PEOPLE if cap is None or cap in used) + ".",
            },
            {
                "heading": _("Categories of data and retention"),
                "header": [_("Kind of data"), _("What is held"), _("Kept"), _("Then")],
                "rows": [
                    [
                        line.label,
                        "; ".join(line.held) or "—",
                        _("%(months)s months after the record is over") % {"months": line.months},
                        str(AFTERWARDS.get(line.kind, AFTERWARDS["caller"])),
                    ]
                    for line in retention_lines(scheme)
                ],
            },
            {
                "heading": _("Recipients"),
                "header": [
                    _("Organisation"),
                    _("Member as"),
                    _("Its users' roles"),
                    _("Personal data they see"),
                ],
                "rows": recipients,
                "text": (
                    _("Reports and their photos are sent to: %(names)s.")
                    % {"names": ", ".join(routed)}
                    if routed
                    else ""
                ),
            },
            {
                "heading": _("Transfers outside the European Union"),
                "text": _(
                    "None by the application itself; the controller states here where its "
                    "hosting is: ……………………………………"
                ),
            },
            {
                "heading": _("Security measures"),
                "items": [str(text) for text in SECURITY],
            },
        ],
        "signature": {
            "place": _("Done at ………………, on ……………… ."),
            "date": _("Drawn up on %(date)s.") % {"date": format_date(today)},
            "label": _("The controller (name, capacity, signature)"),
        },
    }


def register_pdf(scheme: Scheme) -> bytes:
    return render_pdf("privacy/document.typ", register_data(scheme))
