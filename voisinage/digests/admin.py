from django.contrib import admin

from voisinage.digests.models import (
    AmbianceOverride,
    Digest,
    DigestDelivery,
    DigestRecipient,
    DigestSettings,
    DigestVersion,
)

admin.site.register(DigestSettings)
admin.site.register(DigestRecipient)
admin.site.register(AmbianceOverride)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin[Digest]):
    list_display = ["scheme", "night", "first_sent_at", "on_time", "validated_at"]
    list_filter = ["scheme"]


@admin.register(DigestVersion)
class DigestVersionAdmin(admin.ModelAdmin[DigestVersion]):
    list_display = ["digest", "number", "compiled_at", "sent_at", "validated"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin[DigestDelivery]):
    list_display = ["version", "email", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status"]
