"""The reset e-mail is produced by a task in the database queue, run by the real worker."""

import re

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

PASSWORD_RESET_URL = "/compte/mot-de-passe/"

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# The worker closes its database connection when done: that needs real transactions (and the
# rows created by data migrations, such as roles, restored after the flush).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_only_queues_a_task_holding_no_secret(cast, client, settings, mailoutbox):
    settings.TASKS = DB_TASKS
    response = client.post(PASSWORD_RESET_URL, {"email": cast.supervisor.email})
    assert response.status_code == 302
    assert mailoutbox == []
    queued = DBTaskResult.objects.get()
    # Account ids only: the link is made by the worker.
    assert queued.task_path.endswith("send_password_reset_emails")
    assert queued.args_kwargs == {"args": [], "kwargs": {"user_ids": [cast.supervisor.pk]}}

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [cast.supervisor.email]
    assert re.search(r"/compte/mot-de-passe/[^/]+/[^/]+/", mailoutbox[0].body)


def test_the_link_uses_the_configured_address_not_the_request_host(
    cast, client, settings, mailoutbox
):
    settings.BASE_URL = "https://voisinage.example.org"
    settings.ALLOWED_HOSTS = ["evil.example.com", "testserver"]
    client.post(PASSWORD_RESET_URL, {"email": cast.supervisor.email}, HTTP_HOST="evil.example.com")
    assert len(mailoutbox) == 1
    assert "https://voisinage.example.org/compte/mot-de-passe/" in mailoutbox[0].body
    assert "evil.example.com" not in mailoutbox[0].body
