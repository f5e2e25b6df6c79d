"""The API's pagination, in a module of its own: DRF imports the pagination class while it
loads its generic views, which core.api itself imports (through drf-spectacular)."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, with `?page=` (empty) refused like any other page that is not a
    number, where DRF would quietly serve the first page."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param)
        if number is None:
            return 1
        if number in self.last_page_strings:
            return paginator.num_pages
        return number
