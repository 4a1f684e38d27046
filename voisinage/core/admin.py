from django.contrib import admin

from voisinage.core.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    list_display = ["job", "key", "at"]
    list_filter = ["job"]
