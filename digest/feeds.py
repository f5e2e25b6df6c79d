from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Revision
from .selectors import digests_published, revisions_recent


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


class CorrectionFeed(DigestFeed):
    """Every new revision of a published entry: which sentences changed, by whom, and when,
    in the reader's language, each linking to the history's diff of that revision."""

    title = _("Gyojeong: corrections")
    subtitle = _("The machine translations' corrections as editors publish them.")

    def feed_url(self):
        return self._absolute(reverse("digest:corrections_feed"))

    def items(self):
        return revisions_recent(limit=30)

    def item_link(self, item):
        revision = item.revision
        entry = revision.entry
        history = reverse("digest:history", args=[entry.digest.slug, entry.position])
        return self._absolute(f"{history}?from={revision.number - 1}&to={revision.number}")

    def item_title(self, item):
        revision = item.revision
        return gettext("%(title)s: revision %(number)s (%(kind)s)") % {
            "title": item.title,
            "number": revision.number,
            "kind": revision.get_kind_display(),
        }

    def item_description(self, item):
        # Feed readers render this as HTML: every text in it is escaped by format_html, as
        # sentences come from readers' suggestions.
        revision = item.revision
        parts = [
            format_html(
                "<p>{}</p>",
                gettext("%(digest)s, entry %(position)s")
                % {
                    "digest": revision.entry.digest.title,
                    "position": revision.entry.position,
                },
            )
        ]
        if revision.reverted_to:
            parts.append(
                format_html(
                    "<p>{}</p>",
                    gettext("Restores the text of revision %(number)s.")
                    % {"number": revision.reverted_to},
                )
            )
        if revision.summary:
            parts.append(format_html("<p>{}</p>", revision.summary))
        people = []
        if revision.editor is not None:
            people.append(gettext("Published by %(name)s.") % {"name": revision.editor.public_name})
        if item.contributors:
            people.append(
                gettext("Suggested by %(names)s.")
                % {"names": ", ".join(person.public_name for person in item.contributors)}
            )
        if people:
            parts.append(format_html("<p>{}</p>", " ".join(people)))
        if item.changes:
            parts.append(
                format_html(
                    "<p>{}</p><ol>{}</ol>",
                    ngettext(
                        "%(counter)s sentence changed:",
                        "%(counter)s sentences changed:",
                        len(item.changes),
                    )
                    % {"counter": len(item.changes)},
                    format_html_join(
                        "",
                        '<li><del lang="ko">{}</del><br><ins lang="ko">{}</ins></li>',
                        ((change.before, change.after) for change in item.changes),
                    ),
                )
            )
        else:
            parts.append(format_html("<p>{}</p>", gettext("No sentence changed.")))
        return "".join(parts)

    def item_pubdate(self, item):
        return item.revision.created_at

    def item_updateddate(self, item):
        return item.revision.created_at

    def item_author_name(self, item):
        editor = item.revision.editor
        return editor.public_name if editor is not None else None
