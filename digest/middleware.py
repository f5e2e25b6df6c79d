from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PublicationLocaleMiddleware(LocaleMiddleware):
    """Korean unless the reader picked another language with the switcher.

    Django's own middleware follows the browser's Accept-Language, which would show most
    visitors of a Korean publication an English interface; on pages only the language cookie
    set by the switcher changes the default. API clients ask with Accept-Language, as usual.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            available = {code for code, _name in settings.LANGUAGES}
            language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
