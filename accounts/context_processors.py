from .permissions import is_editor


def roles(request):
    user = getattr(request, "user", None)
    return {"user_is_editor": bool(user and is_editor(user))}
