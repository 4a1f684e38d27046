"""ScheduledRun moved from the digests app to core: a database that has runs keeps them (and
their uniqueness, so nothing is sent twice after the upgrade), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from voisinage.core.models import ScheduledRun

BEFORE = [("core", None), ("digests", "0001_initial")]
AT = datetime(2026, 1, 13, 6, 30, tzinfo=UTC)


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_runs_of_an_existing_database_stay_claimed_after_the_move():
    permission, _created = Permission.objects.get_or_create(
        codename="view_scheduledrun",
        content_type=ContentType.objects.get_for_model(ScheduledRun),
        defaults={"name": "Can view scheduled run"},
    )
    migrate(BEFORE[:1])
    executor = migrate(BEFORE[1:])
    old = executor.loader.project_state(BEFORE[1:]).apps.get_model("digests", "ScheduledRun")
    old.objects.create(job="digest", key="1:2026-01-12", at=AT)
    assert ContentType.objects.filter(app_label="digests", model="scheduledrun").exists()

    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())

    run = ScheduledRun.objects.get()
    assert (run.job, run.key, run.at) == ("digest", "1:2026-01-12", AT)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduledRun.objects.create(job="digest", key="1:2026-01-12", at=AT)
    # The content type followed the model, with the permissions granted on it.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(ScheduledRun).app_label == "core"
    assert not ContentType.objects.filter(app_label="digests", model="scheduledrun").exists()
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "core"
