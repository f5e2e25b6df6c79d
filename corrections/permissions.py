"""Who may flag, suggest, vote and review. Views, the API and services ask these."""

from accounts.permissions import is_editor, is_member


def can_contribute(user) -> bool:
    """Flag, suggest and vote: members with a verified email address."""
    return is_member(user)


def can_vote(user, suggestion) -> bool:
    return is_member(user) and suggestion.author_id != user.pk


def can_review(user, suggestion=None) -> bool:
    """Accept or reject: editors, and never on a suggestion they wrote."""
    if not is_editor(user):
        return False
    return suggestion is None or not suggestion.written_by(user)


def can_edit_directly(user) -> bool:
    return is_editor(user)
