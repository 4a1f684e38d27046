from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.models import ApiToken, Membership, Role, User
from voisinage.accounts.services import api_token_revoke


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["neighbourhoods"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Contact"), {"fields": ["phone"]}))  # type: ignore[misc]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "code",
        "side",
        "can_record",
        "can_supervise",
        "can_manage",
        "can_act_as_partner",
        "sees_sensitive",
        "sees_personal_data",
        "reads_access_log",
    ]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "organisation",
        "scheme",
        "role",
        "perimeter",
        "is_active",
        "starts_on",
        "ends_on",
    ]
    list_filter = ["scheme", "role", "perimeter", "is_active"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are created by their owner, who alone sees the secret

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token)
        messages.success(request, _("Tokens revoked."))
