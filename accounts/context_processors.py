from .permissions import is_editor


def roles(request):
    """Role flags and the counters the header shows; queried only for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_is_editor": False}
    from corrections.selectors import pending_count

    editor = is_editor(user)
    return {
        "user_is_editor": editor,
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count(),
        "review_pending_count": pending_count() if editor else 0,
    }
