from django.contrib import admin

from voisinage.desk.models import (
    Call,
    CallNature,
    DeskSettings,
    Instruction,
    PersonalDataView,
    PoliceComplaint,
    SeriousIncident,
)


@admin.register(DeskSettings)
class DeskSettingsAdmin(admin.ModelAdmin[DeskSettings]):
    list_display = ("scheme", "instruction_cutoff", "survey_link_days")


@admin.register(CallNature)
class CallNatureAdmin(admin.ModelAdmin[CallNature]):
    list_display = ("label", "code", "scheme", "position", "retired_at")
    list_filter = ("scheme",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ("received_at", "scheme", "nature", "status")
    list_filter = ("scheme", "status")
    # The timeline is appended by the services: the admin only reads.
    readonly_fields = [f.name for f in Call._meta.fields]


@admin.register(Instruction)
class InstructionAdmin(admin.ModelAdmin[Instruction]):
    list_display = ("service_night", "scheme", "landlord", "nature", "status")
    list_filter = ("scheme", "status")
    readonly_fields = [f.name for f in Instruction._meta.fields]


@admin.register(SeriousIncident)
class SeriousIncidentAdmin(admin.ModelAdmin[SeriousIncident]):
    list_display = ("occurred_at", "scheme", "kind", "agent")


@admin.register(PoliceComplaint)
class PoliceComplaintAdmin(admin.ModelAdmin[PoliceComplaint]):
    list_display = ("filed_on", "scheme", "police_station", "reference", "on_behalf_of")


@admin.register(PersonalDataView)
class PersonalDataViewAdmin(admin.ModelAdmin[PersonalDataView]):
    list_display = ("at", "user", "call", "instruction", "where")
    readonly_fields = ("scheme", "user", "at", "call", "instruction", "where")
