from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PublicationLocaleMiddleware(LocaleMiddleware):
    """Korean unless the reader picked another language with the switcher.

    Django's own middleware follows the browser's Accept-Language, which would show most
    visitors of a Korean publication an English interface; on pages only the language cookie
    set by the switcher changes the default. A signed-in member's own choice (User.language)
    applies wherever that browser has no cookie yet; the two are kept in step: signing in
    sets the cookie to the member's language (accounts.adapter), and the switcher and the
    profile page save the member's language along with the cookie. API clients ask with
    Accept-Language, as usual. It runs after AuthenticationMiddleware to see the member.
    """

    def process_request(self, request):
        available = {code for code, _name in settings.LANGUAGES}
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            user = getattr(request, "user", None)
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if chosen not in available and user is not None and user.is_authenticated:
                chosen = user.language
            language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
