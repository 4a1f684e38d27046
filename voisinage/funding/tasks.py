"""Background work for funding. Tasks take ids and call a service."""

from django.tasks import task

from voisinage.funding.services import notice_reminder_send


@task
def send_notice_reminder(reminder_id: int) -> None:
    notice_reminder_send(reminder_id=reminder_id)
