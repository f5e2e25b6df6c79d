from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Revision
from .selectors import digests_published


class DigestFeed(Feed):
    feed_type = Atom1Feed
    title = _("Gyojeong: machine-translated digests, proofread together")
    subtitle = _("New digests as they are published.")

    # Absolute addresses from SITE_URL: the feed is read far from the request that built it,
    # so neither the request's host nor a stale Sites record may name the site.
    def _absolute(self, path: str) -> str:
        return f"{settings.SITE_URL.rstrip('/')}{path}"

    def link(self):
        return self._absolute(reverse("digest:home"))

    def feed_url(self):
        return self._absolute(reverse("digest:feed"))

    def item_link(self, item):
        return self._absolute(item.get_absolute_url())

    def items(self):
        # An accepted correction or a revert updates its digest's entry in readers' feeds.
        last_revision = (
            Revision.objects.filter(entry__digest=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        )
        return digests_published().annotate(
            changed_at=Greatest("updated_at", Subquery(last_revision))
        )[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "\n\n".join(item.intro)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_author_name(self, item):
        return item.publisher
