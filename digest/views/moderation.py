"""Moderators' pages: the queue of comments waiting for a decision, and a member's page where
they are suspended or their trust changed.

Each view checks the shape of the request with a form, calls one service, and redirects back
with a message naming the comment or the member. In the queue, htmx requests get the comment's
row back instead, replaced in place, with the message inside it.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Suspension, TrustLevel, User
from accounts.permissions import is_moderator, suspension_in_force
from accounts.second_factor import second_factor_redirect
from accounts.services import moment_text, suspension_impose, suspension_lift, trust_level_set
from core.errors import DomainError, InvalidInput, error_headers, error_status
from core.models import AuditEvent
from core.views import done, safe_next

from ..models import Comment
from ..moderation_forms import (
    CommentModerationForm,
    QueueFilterForm,
    SuspendForm,
    TrustForm,
    form_error_text,
)
from ..selectors.comments import comment_get, moderation_queue
from ..services.moderation import ModerationAction, comment_moderate

QUEUE_PER_PAGE = 20
ROW_TEMPLATE = "moderation/partials/comment_row.html"
MEMBER_HISTORY_LENGTH = 30


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied(_("Only moderators can do this."))
        if (setup := second_factor_redirect(request)) is not None:
            return setup
        return view(request, *args, **kwargs)

    return wrapper


def _queue_url(request) -> str:
    return safe_next(request, reverse("moderation:queue"))


def _attach_suspensions(comments: list[Comment]) -> None:
    """Mark each comment's author with their suspension in force, if any (one query)."""
    author_ids = {comment.author_id for comment in comments}
    in_force = {
        suspension.member_id: suspension
        for suspension in Suspension.objects.in_force(timezone.now()).filter(
            member_id__in=author_ids
        )
    }
    for comment in comments:
        comment.author_suspension = in_force.get(comment.author_id)


def _refused(request, subject: str, error: DomainError, url: str) -> HttpResponse:
    """A refused form post: the reason, naming what it was about, and back to `url`."""
    messages.error(request, _("%(subject)s: %(error)s") % {"subject": subject, "error": error})
    return redirect(url)


def _comment_label(comment: Comment) -> str:
    return _("Comment #%(number)d by %(name)s") % {
        "number": comment.pk,
        "name": comment.author.public_name,
    }


def _done_message(action: str, comment: Comment) -> str:
    # Spelled out here so that makemessages finds each sentence.
    texts = {
        ModerationAction.HIDE: _("%(comment)s is hidden; its author has been told why."),
        ModerationAction.RESTORE: _("%(comment)s is shown again."),
        ModerationAction.REMOVE: _("%(comment)s is removed; its author has been told why."),
        ModerationAction.DISMISS_REPORTS: _("The reports on %(comment)s are dismissed."),
    }
    return texts[action] % {"comment": _comment_label(comment)}


def _render_row(request, comment_id: int, *, status: int = 200, **extra) -> HttpResponse:
    """The queue row of one comment as it is now. Once it waits for nothing it leaves the
    queue, and the row says so (without reports or history) but keeps the actions."""
    row = moderation_queue().filter(pk=comment_id).first()
    if row is not None:
        _attach_suspensions([row])
    else:
        row = comment_get(comment_id=comment_id)
    context = {
        "comment": row,
        "in_queue": hasattr(row, "open_reports"),
        "next_url": _queue_url(request),
        **extra,
    }
    response = render(request, ROW_TEMPLATE, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@moderator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    page = Paginator(form.apply(moderation_queue()), QUEUE_PER_PAGE).get_page(
        request.GET.get("page")
    )
    comments = list(page.object_list)
    _attach_suspensions(comments)
    return render(
        request,
        "moderation/queue.html",
        {"form": form, "page": page, "comments": comments, "next_url": request.get_full_path()},
    )


@require_POST
@moderator_required
def comment_action(request, comment_id: int):
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=comment_id)
    back = _queue_url(request)
    form = CommentModerationForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form_error_text(form))
        action = form.cleaned_data["action"]
        comment_moderate(
            comment=comment,
            moderator=request.user,
            action=action,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        if not request.htmx:
            return _refused(request, _comment_label(comment), error, back)
        message = _("%(subject)s: %(error)s") % {
            "subject": _comment_label(comment),
            "error": error,
        }
        response = _render_row(
            request,
            comment.pk,
            status=error_status(error),
            error=message,
            reason=request.POST.get("reason", ""),
        )
        # static/js/panel.js lets htmx swap a refused action's answer when it is retargeted.
        response["HX-Retarget"] = f"#moderation-comment-{comment.pk}"
        response["HX-Reswap"] = "outerHTML"
        for name, value in error_headers(error).items():
            response[name] = value
        return response
    message = _done_message(action, comment)
    if request.htmx:
        return _render_row(request, comment.pk, notice=message, refresh_count=True)
    return done(request, back, message)


# --- members ----------------------------------------------------------------------------------


def _member_url(member: User) -> str:
    return reverse("moderation:member", args=[member.pk])


@require_GET
@moderator_required
def member(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    suspension = suspension_in_force(person)
    history = (
        AuditEvent.objects.filter(
            target_type__app_label="accounts",
            target_type__model="user",
            target_id=str(person.pk),
        )
        .select_related("actor")
        .order_by("-created_at", "-id")[:MEMBER_HISTORY_LENGTH]
    )
    return render(
        request,
        "moderation/member.html",
        {
            "person": person,
            "suspension": suspension,
            "suspension_end": moment_text(suspension.ends_at)
            if suspension and suspension.ends_at
            else "",
            "suspensions": person.suspensions.select_related("moderator", "lifted_by")[:10],
            "history": history,
            "person_is_moderator": is_moderator(person),
            "is_self": person.pk == request.user.pk,
            "suspend_form": SuspendForm(),
            "trust_form": TrustForm(),
            "levels": TrustLevel,
        },
    )


@require_POST
@moderator_required
def member_suspend(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    back = _member_url(person)
    form = SuspendForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form_error_text(form))
        suspension = suspension_impose(
            member=person,
            moderator=request.user,
            until=form.cleaned_data["ends_at"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _refused(request, person.public_name, error, back)
    if suspension.ends_at is None:
        message = _("%(name)s is suspended until further notice; they have been told why.") % {
            "name": person.public_name
        }
    else:
        message = _("%(name)s is suspended until %(date)s; they have been told why.") % {
            "name": person.public_name,
            "date": moment_text(suspension.ends_at),
        }
    return done(request, back, message)


@require_POST
@moderator_required
def member_lift(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    back = _member_url(person)
    try:
        suspension_lift(member=person, moderator=request.user)
    except DomainError as error:
        return _refused(request, person.public_name, error, back)
    return done(
        request,
        back,
        _("The suspension of %(name)s is lifted; they have been told.")
        % {"name": person.public_name},
    )


@require_POST
@moderator_required
def member_trust(request, user_id: int):
    person = get_object_or_404(User, pk=user_id)
    back = _member_url(person)
    form = TrustForm(request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(form_error_text(form))
        override = form.cleaned_data["override"]
        level = trust_level_set(
            user=person,
            moderator=request.user,
            override=override,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        return _refused(request, person.public_name, error, back)
    label = TrustLevel(level).label
    if override == TrustLevel.TRUSTED:
        message = _("%(name)s is trusted now.")
    elif override == TrustLevel.MEMBER:
        message = _("%(name)s is no longer trusted; their level is now: %(level)s.")
    else:
        message = _("The trust level of %(name)s follows their record again: %(level)s.")
    return done(request, back, message % {"name": person.public_name, "level": label})
