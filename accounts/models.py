from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EDITORS_GROUP = "Editors"
# Moderators keep the comments civil; editors moderate as well without being in this group.
MODERATORS_GROUP = "Moderators"
DISPLAY_NAME_MAX_LENGTH = 60
# What a person without a display name is called in public (see User.public_name).
FALLBACK_NAME = _("Member %(number)d")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class TrustLevel(models.TextChoices):
    """How much the community lets a member do unreviewed; see accounts.trust."""

    NEW = "new", _("New member")
    MEMBER = "member", _("Member")
    TRUSTED = "trusted", _("Trusted member")


class EmailKind(models.TextChoices):
    """The kinds of notification email a member can turn off one by one."""

    REVIEWED = "reviewed", _("One of my suggestions was reviewed")
    CORRECTED = "corrected", _("A sentence I flagged was corrected")
    REPLY = "reply", _("Someone replied to my comment")
    MENTION = "mention", _("Someone mentioned me")
    MODERATION = "moderation", _("Moderators acted on my comments or account")


class Newsletter(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    DAILY = "daily", _("Daily")
    OFF = "off", _("No newsletter")


class User(AbstractBaseUser, PermissionsMixin):
    """A reader who signs in with an email address and appears under a display name."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"), max_length=DISPLAY_NAME_MAX_LENGTH, blank=True
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Recomputed by accounts.trust whenever the track record behind it changes.
    trust_level = models.CharField(
        _("trust level"), max_length=16, choices=TrustLevel.choices, default=TrustLevel.NEW
    )
    # A moderator's decision that overrides the computed level: "trusted" (granted) or
    # "member" (trust revoked); empty follows the track record.
    trust_level_override = models.CharField(
        _("trust level set by a moderator"),
        max_length=16,
        choices=[
            (TrustLevel.TRUSTED, TrustLevel.TRUSTED.label),
            (TrustLevel.MEMBER, _("Not trusted")),
        ],
        blank=True,
        default="",
    )
    newsletter = models.CharField(
        _("newsletter"), max_length=8, choices=Newsletter.choices, default=Newsletter.WEEKLY
    )
    # The interface and every email the member gets are in this language.
    language = models.CharField(
        _("language"), max_length=8, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    # Kinds (EmailKind) the member turned off; everything else is emailed.
    email_opt_outs = models.JSONField(_("notification emails turned off"), default=list, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            # Names are checked in accounts.services.display_name_clean first, with a clear
            # message; the constraint settles races. Empty means "no name chosen yet".
            models.UniqueConstraint(
                Lower("display_name"),
                condition=~Q(display_name=""),
                name="user_display_name_ci_unique",
            ),
            models.CheckConstraint(
                condition=Q(trust_level__in=TrustLevel.values), name="user_trust_level_valid"
            ),
            models.CheckConstraint(
                condition=Q(trust_level_override__in=["", "member", "trusted"]),
                name="user_trust_override_valid",
            ),
            models.CheckConstraint(
                condition=Q(newsletter__in=Newsletter.values), name="user_newsletter_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=["ko", "en"]), name="user_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown beside a person's work; never any part of their email address."""
        return self.display_name or FALLBACK_NAME % {"number": self.pk}

    def wants_email(self, kind: str) -> bool:
        return kind not in (self.email_opt_outs or [])

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


class Notification(models.Model):
    """Something a person should know about their work; shown in the site and emailed."""

    class Kind(models.TextChoices):
        SUGGESTION_ACCEPTED = "suggestion_accepted", _("Suggestion accepted")
        SUGGESTION_REJECTED = "suggestion_rejected", _("Suggestion rejected")
        FLAG_RESOLVED = "flag_resolved", _("Flagged sentence corrected")
        COMMENT_REPLY = "comment_reply", _("Reply to your comment")
        MENTION = "mention", _("Mention")
        COMMENT_MODERATED = "comment_moderated", _("Comment moderated")
        SUSPENDED = "suspended", _("Account suspended")
        SUSPENSION_LIFTED = "suspension_lifted", _("Suspension lifted")
        TRUST_CHANGED = "trust_changed", _("Trust level changed")

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # The text in the site's language when it was written; pages and emails render the kind
    # and its params in the reader's own language instead (see accounts.services).
    message = models.TextField()
    params = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # Set when a worker claims the email, so a retried or repeated task never sends it twice.
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def text(self) -> str:
        """The message in the active language (the reader's), with its note."""
        from .services import notification_text

        return notification_text(self)


class SuspensionQuerySet(models.QuerySet["Suspension"]):
    def in_force(self, now=None) -> "SuspensionQuerySet":
        now = now or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )


class Suspension(models.Model):
    """A moderator's decision that a member may read but not write, for a time or indefinitely.

    Rows are never deleted: lifting one records who lifted it and when. A suspension that ran
    out is closed (lifted_at = its end) when the next one is imposed, so at most one is open.
    """

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="suspensions")
    moderator = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="suspensions_imposed"
    )
    reason = models.TextField(_("reason"))
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="suspensions_lifted"
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(lifted_at__isnull=True),
                name="suspension_one_open_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="suspension_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="suspension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.member} until {self.ends_at or 'further notice'}"
