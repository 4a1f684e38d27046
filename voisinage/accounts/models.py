from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from voisinage.accounts.access import Grant, PerimeterKind, RoleSide, grants_q, is_platform_admin
from voisinage.lib import clock
from voisinage.lib.clock import local

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser


class User(AbstractUser):
    """A person. What they may see and do comes from their memberships, never from flags here
    (``is_superuser`` aside: platform administrators)."""

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_shared_mailbox = models.BooleanField(
        _("shared mailbox"),
        default=False,
        help_text=_(
            "A shared address (« adresse commune ») that receives e-mails within its "
            "memberships' perimeters; it has no password and never logs in."
        ),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Role(models.Model):
    """Roles are data: a code, a label and the capabilities the role carries."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    side = models.CharField(_("side"), max_length=20, choices=RoleSide.choices)
    can_record = models.BooleanField(_("records field activity"), default=False)
    can_supervise = models.BooleanField(_("supervises the night"), default=False)
    can_manage = models.BooleanField(
        _("manages the scheme"),
        default=False,
        help_text=_("Housing stock, referentials, imports, members."),
    )
    can_act_as_partner = models.BooleanField(
        _("acts for a partner"),
        default=False,
        help_text=_("Submits instructions and answers reports on behalf of its organisation."),
    )
    sees_sensitive = models.BooleanField(_("sees sensitive narratives"), default=False)
    sees_personal_data = models.BooleanField(_("sees callers' personal data"), default=False)
    reads_access_log = models.BooleanField(
        _("reads the log of access to personal data"),
        default=False,
        help_text=_("The scheme's data-protection contact (docs/personal-data.md)."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["side", "code"]

    def __str__(self) -> str:
        return self.label


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_force(self, on: date | None = None) -> MembershipQuerySet:
        """The memberships that grant something on ``on`` (today by default): active, in an
        active scheme, from their first day to their last day included."""
        day = on or clock.today()
        return self.filter(
            models.Q(starts_on__isnull=True) | models.Q(starts_on__lte=day),
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
            is_active=True,
            scheme__is_active=True,
        )

    def visible_to(self, user: AnyUser) -> MembershipQuerySet:
        """One's own memberships, and those of the schemes one manages."""
        if is_platform_admin(user):
            return self.all()

        def rule(grant: Grant) -> models.Q:
            if grant.bounded_by_sites:
                # One operator among several: its own people (ADR 0048).
                return models.Q(scheme_id=grant.scheme_id, organisation_id=grant.organisation_id)
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(models.Q(user_id=user.pk) | grants_q(user, rule, require="can_manage"))


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="user_memberships",
    )
    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="user_memberships",
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT)
    perimeter = models.CharField(
        _("perimeter"),
        max_length=20,
        choices=PerimeterKind.choices,
        default=PerimeterKind.SCHEME,
        help_text=_(
            "A landlord's housing stock means the stock of this membership's organisation."
        ),
    )
    neighbourhoods = models.ManyToManyField(
        "territory.Neighbourhood",
        verbose_name=_("neighbourhoods"),
        blank=True,
        help_text=_("Only for the 'listed neighbourhoods' perimeter."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    starts_on = models.DateField(
        _("first day"), null=True, blank=True, help_text=_("Empty: from the start.")
    )
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Empty: until further notice. From the next day on, it grants nothing."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One open membership per person, organisation, scheme and role; ended ones stay
            # as history (a change of perimeter ends one and starts another).
            models.UniqueConstraint(
                fields=["user", "organisation", "scheme", "role"],
                condition=models.Q(ends_on__isnull=True),
                name="membership_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="membership_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.scheme}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class LoginFailure(models.Model):
    """A failed login, kept for throttling; old rows are pruned on each failure."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} {local(self.at):%Y-%m-%d %H:%M}"


class PasswordResetRequest(models.Model):
    """A request for a password-reset link, kept for rate limiting (per address and per client);
    the address is stored hashed. Old rows are pruned on each request."""

    address_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("password-reset request")
        verbose_name_plural = _("password-reset requests")

    def __str__(self) -> str:
        return f"{self.address_hash[:8]} {local(self.at):%Y-%m-%d %H:%M}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def visible_to(self, user: AnyUser, *, require: str | None = None) -> InvitationQuerySet:
        """The invitations of the schemes the user manages."""

        def rule(grant: Grant) -> models.Q:
            return models.Q(scheme_id=grant.scheme_id)

        return self.filter(grants_q(user, rule, require=require or "can_manage"))

    def pending(self, now: datetime) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """An invitation to join a scheme with an organisation, a role and a perimeter, sent by
    e-mail as a signed, single-use link that expires."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT)
    perimeter = models.CharField(
        _("perimeter"), max_length=20, choices=PerimeterKind.choices, default=PerimeterKind.SCHEME
    )
    neighbourhoods = models.ManyToManyField(
        "territory.Neighbourhood", verbose_name=_("neighbourhoods"), blank=True, related_name="+"
    )
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nonce = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} — {self.scheme}"


class OperatorSiteQuerySet(models.QuerySet["OperatorSite"]):
    def held_on(self, day: date | None = None) -> OperatorSiteQuerySet:
        """The sites held on ``day`` (today by default), from their first day to their last
        day included."""
        on = day or clock.today()
        return self.filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on), starts_on__lte=on
        )

    def overlapping(self, starts_on: date, ends_on: date | None) -> OperatorSiteQuerySet:
        """The sites whose period meets ``starts_on``–``ends_on`` (open: until further notice)."""
        q = models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=starts_on)
        if ends_on is not None:
            q &= models.Q(starts_on__lte=ends_on)
        return self.filter(q)


class OperatorSite(models.Model):
    """A site an operator holds in a scheme for a period: a neighbourhood (« site », a cité or a
    listed area). An operator that holds sites in a scheme has its people's grants there bounded
    to the sites it holds on the day (ADR 0048); an operator with no site listed holds the whole
    scheme, as schemes with a single operator always did. A site is held by one operator at a
    time; a site given up ends from a date (``ends_on``), its row kept as history."""

    scheme = models.ForeignKey(
        "schemes.Scheme",
        verbose_name=_("scheme"),
        on_delete=models.CASCADE,
        related_name="operator_sites",
    )
    operator = models.ForeignKey(
        "territory.Organisation",
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="held_sites",
    )
    neighbourhood = models.ForeignKey(
        "territory.Neighbourhood",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="operator_sites",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    weekly_patrol_target = models.PositiveIntegerField(
        _("weekly patrol target"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000)],
        help_text=_(
            "Entrances the operator patrols each week on this site; its sites' targets add up "
            "to the operator's. Empty: none."
        ),
    )

    objects = OperatorSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("operator's site")
        verbose_name_plural = _("operators' sites")
        ordering = ["scheme", "operator__name", "neighbourhood__name", "starts_on"]
        indexes = [models.Index(fields=["scheme", "operator"], name="operator_site_holder")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="operator_site_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.neighbourhood} — {self.operator}"
