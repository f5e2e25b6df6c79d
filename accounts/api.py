"""Member endpoints of the community API (interfaces.md §4): who am I, and suspensions.

Views check the caller's role and call one service; refusals (a moderator suspending another
moderator, an end in the past) propagate as domain errors to `core.api_errors`.
"""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import AUTHENTICATION, BooleanField, StringField, errors, validated

from . import permissions, services
from .models import EmailKind, Newsletter, TrustLevel, User

# --- permissions ---------------------------------------------------------------------------


class IsMember(BasePermission):
    """Comment, like, report: a signed-in member with a verified email address. Suspensions
    are the services' to refuse, with a message that names their end."""

    message = _("Sign in with a verified email address to take part.")

    def has_permission(self, request, view) -> bool:
        return permissions.is_member(request.user)


class IsMemberToWrite(IsMember):
    """Anyone reads; members write."""

    anonymous_reads = True

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


class IsModerator(BasePermission):
    message = _("Only moderators can do this.")

    def has_permission(self, request, view) -> bool:
        return permissions.is_moderator(request.user)


# --- shared pieces -------------------------------------------------------------------------


class MemberSerializer(serializers.Serializer):
    """A person as others see them: never any part of their email address."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="public_name")

    class Meta:
        ref_name = "Member"


class LocalDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time. One written without an offset is read in the site's time
    zone (settings.TIME_ZONE), whatever time zone the request activated."""

    def default_timezone(self):
        return timezone.get_default_timezone()


# --- me ------------------------------------------------------------------------------------

ROLE_CHOICES = ["member", "moderator", "editor"]


class MeApi(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsMember]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        email = serializers.EmailField()
        roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES))
        trust_level = serializers.ChoiceField(choices=TrustLevel.choices)
        suspended = serializers.BooleanField(
            help_text="Whether a suspension is in force: writes are refused while it lasts."
        )
        suspended_until = serializers.DateTimeField(
            allow_null=True,
            help_text="When the suspension in force ends; null when there is none, and also "
            "when it lasts until a moderator lifts it (then `suspended` is true).",
        )

        class Meta:
            ref_name = "Me"

    @extend_schema(responses={200: OutputSerializer, **errors(401, 403)})
    def get(self, request):
        """The signed-in member: name, email address, roles, trust level and suspension."""
        user = request.user
        # Time alone promotes a new member; recomputing here shows it without waiting for the
        # next like or accepted suggestion.
        services.trust_level_refresh(user=user)
        suspension = permissions.suspension_in_force(user)
        roles = [
            role
            for role, held in (
                ("member", permissions.is_member(user)),
                ("moderator", permissions.is_moderator(user)),
                ("editor", permissions.is_editor(user)),
            )
            if held
        ]
        data = {
            "id": user.pk,
            "name": user.public_name,
            "email": user.email,
            "roles": roles,
            "trust_level": user.trust_level,
            "suspended": suspension is not None,
            "suspended_until": suspension.ends_at if suspension is not None else None,
        }
        return Response(self.OutputSerializer(data).data)


# --- suspensions ---------------------------------------------------------------------------


class SuspensionSerializer(serializers.Serializer):
    member = MemberSerializer()
    moderator = MemberSerializer()
    reason = serializers.CharField()
    starts_at = serializers.DateTimeField()
    until = serializers.DateTimeField(
        source="ends_at", allow_null=True, help_text="null: until a moderator lifts it."
    )
    lifted_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "Suspension"


class MemberSuspensionApi(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsModerator]

    class InputSerializer(serializers.Serializer):
        until = LocalDateTimeField(
            allow_null=True,
            help_text="ISO 8601 end of the suspension (without an offset: the site's time "
            "zone), or null to suspend until lifted.",
        )
        reason = StringField(help_text="Told to the member.")

        class Meta:
            ref_name = "SuspensionImpose"

    @extend_schema(
        request=InputSerializer,
        responses={201: SuspensionSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request, member_id: int):
        """Suspend a member for a time or until lifted; it replaces one already in force."""
        member = get_object_or_404(User, pk=member_id)
        data = validated(self.InputSerializer, request.data)
        suspension = services.suspension_impose(
            member=member, moderator=request.user, until=data["until"], reason=data["reason"]
        )
        return Response(SuspensionSerializer(suspension).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: SuspensionSerializer, **errors(400, 401, 403, 404)})
    def delete(self, request, member_id: int):
        """Lift the member's suspension now; 400 when none is in force."""
        member = get_object_or_404(User, pk=member_id)
        suspension = services.suspension_lift(member=member, moderator=request.user)
        return Response(SuspensionSerializer(suspension).data)


# --- preferences (interfaces.md §5) --------------------------------------------------------


def _preferences(user: User) -> dict:
    return {
        "newsletter": user.newsletter,
        "language": user.language,
        "email_notifications": {kind: user.wants_email(kind) for kind in EmailKind.values},
    }


@extend_schema_field(
    {
        "type": "object",
        "properties": {kind: {"type": "boolean"} for kind in EmailKind.values},
        "additionalProperties": False,
    }
)
class EmailNotificationsField(serializers.DictField):
    """Kinds of email, each true or false; a kind the site does not send is refused."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(EmailKind.values))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown kind of email: %(kinds)s.") % {"kinds": ", ".join(unknown)}
            )
        return value


class PreferencesApi(APIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsMember]

    class OutputSerializer(serializers.Serializer):
        newsletter = serializers.ChoiceField(choices=Newsletter.choices)
        language = serializers.ChoiceField(choices=services.LANGUAGE_CODES)
        email_notifications = serializers.DictField(
            child=serializers.BooleanField(),
            help_text="Each notification kind (" + ", ".join(EmailKind.values) + ") and "
            "whether it is emailed; everything always appears under Notifications.",
        )

        class Meta:
            ref_name = "Preferences"

    class InputSerializer(serializers.Serializer):
        newsletter = serializers.ChoiceField(choices=Newsletter.choices, required=False)
        language = serializers.ChoiceField(choices=services.LANGUAGE_CODES, required=False)
        email_notifications = EmailNotificationsField(
            child=BooleanField(),
            required=False,
            help_text="Only the kinds named change.",
        )

        class Meta:
            ref_name = "PreferencesUpdate"

    @extend_schema(responses={200: OutputSerializer, **errors(401, 403)})
    def get(self, request):
        """The member's newsletter, language and notification emails."""
        return Response(self.OutputSerializer(_preferences(request.user)).data)

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer, **errors(400, 401, 403)}
    )
    def patch(self, request):
        """Change some of them; fields left out stay as they are."""
        data = validated(self.InputSerializer, request.data)
        user = services.preferences_update(
            user=request.user,
            newsletter=data.get("newsletter"),
            language=data.get("language"),
            emailed=data.get("email_notifications"),
        )
        return Response(self.OutputSerializer(_preferences(user)).data)
