"""A small change in a long text is shown with the words around it, not the whole text."""

from django.template.loader import render_to_string

from corrections.templatetags.diff_context import CONTEXT, around_changes
from digest.diffing import DiffOp, diff_texts


def test_a_one_character_change_in_a_long_abstract_shows_its_surroundings():
    before = "가" * 1000 + "8억 개의 파라미터" + "나" * 1000
    html = render_to_string(
        "corrections/partials/diff.html", {"ops": diff_texts(before, before.replace("8억", "80억"))}
    )
    assert "<ins>0</ins>" in html
    # The unchanged text beside the change is cut to CONTEXT characters on each side.
    assert html.count("가") + len("8") == CONTEXT
    assert html.count("나") + len("억 개의 파라미터") == CONTEXT
    assert html.count("…") == 2 and len(html) < 1000


def test_a_change_between_two_long_runs_keeps_both_sides_and_cuts_the_middle():
    ops = [
        DiffOp("insert", "앞"),
        DiffOp("equal", "다" * 500),
        DiffOp("delete", "뒤"),
    ]
    (first, middle, last) = around_changes(ops)
    assert (first, last) == (ops[0], ops[2])
    assert middle.text == "다" * CONTEXT + "…" + "다" * CONTEXT


def test_short_texts_and_texts_without_changes_are_left_whole():
    short = diff_texts("짧은 문장입니다.", "짧은 문장이에요.")
    assert around_changes(short) == short
    same = [DiffOp("equal", "라" * 3000)]
    assert around_changes(same) == same
