"""The scheduler's record of the periodic runs it claimed (see ``core.scheduler``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """That a periodic job ran for a key (a scheme's night, a day): the scheduler never runs
    one twice, even with two scheduler processes."""

    job = models.CharField(_("job"), max_length=60)
    key = models.CharField(_("key"), max_length=60)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.key}"


class Heartbeat(models.Model):
    """The last moment a long-running process (the scheduler) was seen alive, for /healthz."""

    name = models.CharField(_("process"), max_length=40, unique=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
