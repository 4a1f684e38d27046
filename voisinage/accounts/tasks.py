"""Background work for accounts. Tasks take ids and call a service."""

from django.tasks import task

from voisinage.accounts.services import (
    password_reset_email_send,
    password_reset_emails_send,
    second_factor_enrolment_mail_send,
)
from voisinage.accounts.services.people import invitation_mail_send


@task
def send_password_reset_email(user_id: int) -> None:
    # The reset link is built here, in the worker: the secret never sits in the task queue.
    password_reset_email_send(user_id=user_id)


@task
def send_second_factor_enrolment_code(user_id: int) -> None:
    # The code is derived here, in the worker, from the pending device: not kept in the queue.
    second_factor_enrolment_mail_send(user_id=user_id)


@task
def send_password_reset_emails(user_ids: list[int]) -> None:
    # One task per request, even when no account has the address (an empty list): the request
    # takes the same time either way, so its duration does not tell whether the address exists.
    password_reset_emails_send(user_ids=user_ids)


@task
def send_invitation(invitation_id: int) -> None:
    # The signed link is built in the worker, from the invitation: not kept in the queue.
    invitation_mail_send(invitation_id=invitation_id)
