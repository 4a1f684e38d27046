"""Every write of the desk goes through here (calls, instructions, incidents)."""

from voisinage.desk.services.calls import (
    call_alert,
    call_callback,
    call_close,
    call_dispatch,
    call_link_event,
    call_on_site,
    call_record,
    survey_answer,
    survey_for_token,
    survey_link_issue,
    survey_link_send,
)
from voisinage.desk.services.common import (
    call_natures_ensure_defaults,
    desk_settings,
    dispatch_teams,
    personal_data_records_log,
    personal_data_views_log,
    scheme_natures,
    team_by_key,
)
from voisinage.desk.services.inbound import (
    inbound_email_confirm,
    inbound_email_dismiss,
    inbound_email_receive,
)
from voisinage.desk.services.incidents import complaint_record, incident_record
from voisinage.desk.services.instructions import (
    instruction_copy_send,
    instruction_decide_urgent,
    instruction_dispatch,
    instruction_handle,
    instruction_night,
    instruction_submit,
)

__all__ = [
    "call_alert",
    "call_callback",
    "call_close",
    "call_dispatch",
    "call_link_event",
    "call_natures_ensure_defaults",
    "call_on_site",
    "call_record",
    "complaint_record",
    "desk_settings",
    "dispatch_teams",
    "inbound_email_confirm",
    "inbound_email_dismiss",
    "inbound_email_receive",
    "incident_record",
    "instruction_copy_send",
    "instruction_decide_urgent",
    "instruction_dispatch",
    "instruction_handle",
    "instruction_night",
    "instruction_submit",
    "personal_data_records_log",
    "personal_data_views_log",
    "scheme_natures",
    "survey_answer",
    "survey_for_token",
    "survey_link_issue",
    "survey_link_send",
    "team_by_key",
]
