from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .selectors import digests_published


class DigestFeed(Feed):
    feed_type = Atom1Feed
    title = _("Gyojeong: machine-translated digests, proofread together")
    subtitle = _("New digests as they are published.")
    link = reverse_lazy("digest:home")

    def items(self):
        return digests_published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "\n\n".join(item.intro)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher
