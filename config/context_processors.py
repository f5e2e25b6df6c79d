"""Template context every page gets. The header shows counts from every app, so the processor
lives here, above the apps, rather than in any one of them."""

from accounts.permissions import is_editor, is_moderator, suspension_in_force
from accounts.services import moment_text
from corrections.selectors import pending_count
from digest.selectors.comments import moderation_queue


def roles(request):
    """Role flags and the counters the header shows; queried only for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_is_editor": False, "user_is_moderator": False}
    editor = is_editor(user)
    moderator = is_moderator(user)
    suspension = suspension_in_force(user)
    return {
        "user_is_editor": editor,
        "user_is_moderator": moderator,
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
        "review_pending_count": pending_count() if editor else 0,
        # The same rows as the moderation queue, counted in one query.
        "moderation_waiting_count": moderation_queue().count() if moderator else 0,
        "current_suspension": suspension,
        "current_suspension_end": (
            moment_text(suspension.ends_at) if suspension and suspension.ends_at else ""
        ),
    }
