"""Indicators whose source app is not installed yet (phone desk, problem reports). They are
listed with their definition and shown as "source not available yet", never as zero; the app,
once installed, registers the same codes in its ``indicators.py`` with a computation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from voisinage.core.indicators import Indicator, Level, Register, Unit
from voisinage.schemes.models import Capability


def indicators() -> list[Indicator]:
    desk, reports = "desk", "reports"
    return [
        Indicator(
            "calls",
            _("Calls received"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Phone calls received by the desk."),
            "count(call)",
            (Register.RECOGNITION,),
            source=desk,
            capability=Capability.PHONE_DESK,
        ),
        Indicator(
            "instructions",
            _("Landlord instructions"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Instructions sent by the landlords to the desk."),
            "count(instruction)",
            (Register.RECOGNITION,),
            source=desk,
            capability=Capability.INSTRUCTIONS,
        ),
        Indicator(
            "reports_created",
            _("Reports created"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Problem reports sent to partners."),
            "count(report) where created in period",
            (Register.TRANQUILLITY,),
            source=reports,
            capability=Capability.REPORTS,
        ),
        Indicator(
            "reports_closed",
            _("Reports closed"),
            Level.OUTPUT,
            Unit.COUNT,
            _("Problem reports closed by the partners."),
            "count(report) where closed in period",
            (Register.TRANQUILLITY,),
            source=reports,
            capability=Capability.REPORTS,
        ),
        Indicator(
            "response_time",
            _("Response time"),
            Level.OUTCOME,
            Unit.MINUTES,
            _("Median time from a call to the team's arrival on site."),
            "median(intervention.started_at − call.received_at)",
            (Register.TRANQUILLITY,),
            source=desk,
            capability=Capability.PHONE_DESK,
            lower_is_better=True,
        ),
        Indicator(
            "feedback_rate",
            _("Partners' feedback rate"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of reports the partner answered."),
            "count(report with feedback) / count(report) × 100",
            (Register.RECOGNITION,),
            source=reports,
            capability=Capability.REPORTS,
        ),
        Indicator(
            "feedback_delay",
            _("Partners' feedback delay (median)"),
            Level.OUTCOME,
            Unit.DAYS,
            _("Median days between a report and the partner's feedback."),
            "median(feedback_at − sent_at)",
            (Register.RECOGNITION,),
            source=reports,
            capability=Capability.REPORTS,
            lower_is_better=True,
        ),
        Indicator(
            "caller_satisfaction",
            _("Caller satisfaction"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of surveyed callers satisfied with the answer."),
            "count(satisfied) / count(surveyed) × 100",
            (Register.RECOGNITION,),
            source=desk,
            capability=Capability.PHONE_DESK,
        ),
        Indicator(
            "duplicates_share",
            _("Duplicates"),
            Level.OUTCOME,
            Unit.PERCENT,
            _("Share of reports merged as duplicates of the same triggering event."),
            "count(report merged) / count(report) × 100",
            (Register.INNOVATION,),
            source=reports,
            capability=Capability.REPORTS,
            lower_is_better=True,
        ),
    ]
