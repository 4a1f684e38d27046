"""Background work of the desk. Tasks take ids and call a service."""

from __future__ import annotations

from django.tasks import task


@task
def send_instruction_copy(instruction_id: int) -> int:
    from voisinage.desk.services import instruction_copy_send

    return instruction_copy_send(instruction_id=instruction_id)


@task
def send_survey_link(call_id: int, url: str) -> int:
    from voisinage.desk.services import survey_link_send

    return survey_link_send(call_id=call_id, url=url)
