"""`GET /api/v1/search/`: the search of the HTML page (digest.search), as JSON, by pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from core.api import StringField, errors, validated

from .search import KINDS, MAX_QUERY_LENGTH, search


class SearchApi(generics.ListAPIView):
    """Entries, digests and visible comments that match the query, best first."""

    class QuerySerializer(serializers.Serializer):
        q = StringField(
            max_length=MAX_QUERY_LENGTH,
            help_text="Words to find, all of them in one text; Korean words also inside "
            "longer words.",
        )
        kind = serializers.ChoiceField(choices=KINDS, required=False)
        week = serializers.DateField(
            required=False, help_text="A day: only digests whose period holds it."
        )

        class Meta:
            ref_name = "SearchQuery"

    class OutputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=KINDS)
        id = serializers.IntegerField(help_text="Of the entry, the digest or the comment.")
        url = serializers.CharField(help_text="The page, with the comment's anchor.")
        field = serializers.CharField(
            help_text="Where the snippet comes from: title, summary, abstract, intro, comment."
        )
        title = serializers.CharField(help_text="Plain text; a comment's digest title.")
        title_html = serializers.CharField(help_text="Escaped, the query's words in <mark>.")
        snippet_html = serializers.CharField(help_text="Escaped, the query's words in <mark>.")
        snippet_lang = serializers.CharField(allow_null=True)
        digest = serializers.CharField(source="digest.slug")
        week = serializers.DateField(source="digest.period_start")
        author = serializers.CharField(help_text="A comment's author; empty for the others.")
        entry_position = serializers.IntegerField(allow_null=True)

        class Meta:
            ref_name = "SearchResult"

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[QuerySerializer],
        responses={200: OutputSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        """Search; 400 for a missing, empty or too long `q`, 404 for a page past the last."""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # A plain dict, not the QueryDict: DRF reads an empty form value of an optional field as
        # absent, and the schema (like a reader of it) takes `?kind=` as a wrong kind.
        query = validated(self.QuerySerializer, self.request.query_params.dict())
        return search(
            query=query["q"],
            viewer=self.request.user,
            kind=query.get("kind"),
            week=query.get("week"),
        )
