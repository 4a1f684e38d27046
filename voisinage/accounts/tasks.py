"""Background work for accounts. Tasks take ids and call a service."""

from django.tasks import task

from voisinage.accounts.services import password_reset_email_send


@task
def send_password_reset_email(user_id: int) -> None:
    # The reset link is built here, in the worker: the secret never sits in the task queue.
    password_reset_email_send(user_id=user_id)
