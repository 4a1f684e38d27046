"""What personal data the desk holds, for retention (the ``personal_data`` extension point)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from voisinage.core.personal_data import DataKind, Holder
from voisinage.desk.services import personal_data_views_log, retention, subjects
from voisinage.desk.subjects import calls_naming, calls_of, instructions_naming, instructions_of


def holders() -> list[Holder]:
    return [
        Holder(
            DataKind.CALLER,
            _("Callers of the phone desk (calls closed)"),
            lambda scheme, before: retention.callers_anonymise(scheme=scheme, before=before),
            find=calls_naming,
            log=lambda scheme, user, query, where: personal_data_views_log(
                user=user, scheme=scheme, where=where, calls=calls_of(scheme, query)
            ),
            erase=lambda scheme, query: subjects.callers_erase(scheme=scheme, query=query),
            rectify=lambda scheme, query, corrected: subjects.callers_rectify(
                scheme=scheme, query=query, corrected=corrected
            ),
        ),
        Holder(
            DataKind.TENANT,
            _("Tenants named in landlords' instructions (instructions handled)"),
            lambda scheme, before: retention.tenants_anonymise(scheme=scheme, before=before),
            find=instructions_naming,
            log=lambda scheme, user, query, where: personal_data_views_log(
                user=user, scheme=scheme, where=where, instructions=instructions_of(scheme, query)
            ),
            erase=lambda scheme, query: subjects.tenants_erase(scheme=scheme, query=query),
            rectify=lambda scheme, query, corrected: subjects.tenants_rectify(
                scheme=scheme, query=query, corrected=corrected
            ),
        ),
        Holder(
            DataKind.TENANT,
            _("E-mailed instructions once handled (subject, body and attachments)"),
            lambda scheme, before: retention.inbound_emails_empty(scheme=scheme, before=before),
        ),
        Holder(
            DataKind.NARRATIVE,
            _("What callers said; instructions' texts and outcomes"),
            lambda scheme, before: retention.desk_narratives_empty(scheme=scheme, before=before),
        ),
        Holder(
            DataKind.SURVEY,
            _("Satisfaction survey answers of calls"),
            lambda scheme, before: retention.survey_answers_delete(scheme=scheme, before=before),
        ),
        Holder(
            DataKind.ACCESS_LOG,
            _("Log of views of personal data"),
            lambda scheme, before: retention.personal_data_views_purge(
                scheme=scheme, before=before
            ),
        ),
    ]
