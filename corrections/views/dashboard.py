"""The translation-quality dashboard: a summary for readers, the full figures for editors,
and each of their tables as CSV."""

import csv
from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import charts
from ..dashboard import SEVERITIES, Dashboard, quality_dashboard
from ..models import MachineFinding
from .review import editor_required

# What of a name a chart's label has room for (the table beside it has the whole name).
CHART_NAME_LENGTH = 24


@dataclass(frozen=True)
class Column:
    key: str
    label: str


def _digest_id(request) -> int | None:
    value = request.GET.get("digest", "")
    if not value:
        return None
    # isdigit alone admits "²", which int() refuses.
    if not (value.isascii() and value.isdigit()):
        raise Http404("No such digest.")
    return int(value)


def _flag_parts() -> list[Column]:
    return [Column("open", _("Open")), Column("closed", _("No longer open"))]


def _severity_parts() -> list[Column]:
    labels = dict(MachineFinding.Severity.choices)
    return [Column(severity, str(labels[severity])) for severity in SEVERITIES]


def _scope(dashboard: Dashboard) -> str:
    if dashboard.selected is not None:
        return _("The figures cover “%(digest)s” only.") % {"digest": dashboard.selected.title}
    if not dashboard.digests:
        return _("No digest has been published yet.")
    count = len(dashboard.digests)
    return ngettext(
        "The figures cover the latest published digest.",
        "The figures cover the latest %(count)d published digests.",
        count,
    ) % {"count": count}


def _time_chart(dashboard: Dashboard) -> charts.Chart:
    return charts.column_chart(
        id="chart-over-time",
        title=_("Corrected and verified sentences by digest"),
        description=_(
            "Columns for each digest in order of publication, oldest first: sentences people "
            "corrected and sentences an editor verified. The table below gives the numbers."
        ),
        series=[
            charts.Series("corrected", _("Corrected")),
            charts.Series("verified", _("Verified")),
        ],
        points=[
            (
                row.digest.title,
                date_format(row.digest.period_start, "SHORT_DATE_FORMAT"),
                (row.corrected, row.verified),
            )
            for row in dashboard.digests
        ],
    )


def _category_chart(*, id: str, title: str, rows, parts: list[Column]) -> charts.Chart:
    return charts.bar_chart(
        id=id,
        title=title,
        description=_(
            "One bar for each, its parts in the order of the legend; the table beside it "
            "gives the numbers."
        ),
        series=[charts.Series(part.key, part.label) for part in parts],
        rows=[(row.label, [row.counts[part.key] for part in parts]) for row in rows],
    )


def _contributor_chart(dashboard: Dashboard) -> charts.Chart:
    return charts.bar_chart(
        id="chart-contributors",
        title=_("Accepted suggestions by contributor"),
        description=_("One bar for each contributor; the table beside it gives the numbers."),
        series=[charts.Series("accepted", _("Accepted suggestions"))],
        rows=[
            (Truncator(c.user.public_name).chars(CHART_NAME_LENGTH), [c.accepted])
            for c in dashboard.top_contributors
        ],
    )


def _context(dashboard: Dashboard, *, csv_name: str, tables) -> dict:
    query = f"?digest={dashboard.selected.pk}" if dashboard.selected else ""
    flags = [row for row in dashboard.flags if row.total]
    context = {
        "dashboard": dashboard,
        "scope": _scope(dashboard),
        "time_chart": _time_chart(dashboard) if len(dashboard.digests) > 1 else None,
        "flag_rows": flags,
        "flag_parts": _flag_parts(),
        "flag_chart": _category_chart(
            id="chart-flags", title=_("Flags by reason"), rows=flags, parts=_flag_parts()
        ),
        "contributor_chart": _contributor_chart(dashboard),
        "csv": {table: reverse(csv_name, args=[table]) + query for table in tables},
    }
    if dashboard.findings:
        context["finding_parts"] = _severity_parts()
        context["finding_chart"] = _category_chart(
            id="chart-findings",
            title=_("Automatic findings by check"),
            rows=dashboard.findings,
            parts=_severity_parts(),
        )
    return context


def quality_summary(request):
    """Readers' summary: corrected and verified sentences, flags and contributors."""
    dashboard = quality_dashboard(digest_id=_digest_id(request))
    context = _context(dashboard, csv_name="corrections:quality_csv", tables=CSV_TABLES)
    return render(request, "corrections/dashboard_public.html", context)


@editor_required
def quality_dashboard_page(request):
    """Editors' dashboard: the summary with findings, time to fix and the corrected terms."""
    dashboard = quality_dashboard(digest_id=_digest_id(request), editor=True)
    context = _context(
        dashboard, csv_name="corrections:quality_editor_csv", tables=EDITOR_CSV_TABLES
    )
    return render(request, "corrections/dashboard.html", context)


# --- CSV ------------------------------------------------------------------------------------


def _cell(value):
    """A cell as written: numbers as they are, text that a spreadsheet would take for a
    formula (a member's name may start with "=") behind an apostrophe."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _digest_table(dashboard: Dashboard, editor: bool) -> list[list]:
    header = [
        _("Digest"),
        _("Title"),
        _("Week of"),
        _("Sentences"),
        _("Corrected"),
        _("Verified"),
        _("Open flags"),
        _("Closed flags"),
    ]
    if editor:
        header += [
            _("Current findings"),
            _("Accepted suggestions"),
            _("Contributors"),
            _("Fixed flags"),
            _("Median hours to fix"),
            _("90th percentile hours to fix"),
        ]
    rows = [header]
    for row in dashboard.digests:
        line = [
            row.digest.slug,
            row.digest.title,
            row.digest.period_start.isoformat(),
            row.sentences,
            row.corrected,
            row.verified,
            row.open_flags,
            row.closed_flags,
        ]
        if editor:
            line += [
                row.findings,
                row.accepted,
                row.contributors,
                row.fixes.count,
                _hours(row.fixes.median_hours),
                _hours(row.fixes.p90_hours),
            ]
        rows.append(line)
    return rows


def _flag_table(dashboard: Dashboard, editor: bool) -> list[list]:
    parts = _flag_parts()
    return [
        [_("Reason"), *(part.label for part in parts), _("Total")],
        *(
            [row.label, *(row.counts[part.key] for part in parts), row.total]
            for row in dashboard.flags
        ),
    ]


def _contributor_table(dashboard: Dashboard, editor: bool) -> list[list]:
    return [
        [_("Contributor"), _("Accepted suggestions")],
        *([c.user.public_name, c.accepted] for c in dashboard.contributors),
    ]


def _finding_table(dashboard: Dashboard, editor: bool) -> list[list]:
    parts = _severity_parts()
    return [
        [_("Check"), *(part.label for part in parts), _("Total")],
        *(
            [row.label, *(row.counts[part.key] for part in parts), row.total]
            for row in dashboard.findings
        ),
    ]


def _term_table(dashboard: Dashboard, editor: bool) -> list[list]:
    return [
        [_("English term"), _("Before"), _("After"), _("Times corrected")],
        *([t.source_term, t.old, t.new, t.count] for t in dashboard.terms),
    ]


CSV_TABLES: dict[str, Callable[[Dashboard, bool], list[list]]] = {
    "digests": _digest_table,
    "flags": _flag_table,
    "contributors": _contributor_table,
}
EDITOR_CSV_TABLES = {**CSV_TABLES, "findings": _finding_table, "terms": _term_table}


def _csv_response(dashboard: Dashboard, table: str, *, editor: bool) -> HttpResponse:
    tables = EDITOR_CSV_TABLES if editor else CSV_TABLES
    if table not in tables:
        raise Http404("No such table.")
    name = f"quality-{table}"
    if dashboard.selected is not None:
        name += f"-{dashboard.selected.slug}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    # The byte order mark makes spreadsheet programs read the file as UTF-8 (Korean).
    response.write("\ufeff")
    rows = tables[table](dashboard, editor)
    csv.writer(response).writerows([_cell(value) for value in row] for row in rows)
    return response


def quality_summary_csv(request, table: str):
    dashboard = quality_dashboard(digest_id=_digest_id(request))
    return _csv_response(dashboard, table, editor=False)


@editor_required
def quality_dashboard_csv(request, table: str):
    dashboard = quality_dashboard(digest_id=_digest_id(request), editor=True)
    return _csv_response(dashboard, table, editor=True)
