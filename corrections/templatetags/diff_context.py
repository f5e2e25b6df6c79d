"""Long diffs shortened to their changes: a one-character fix in a 2,000-character abstract
shows the words around it, not the whole abstract."""

from django import template

from digest.diffing import DiffOp

register = template.Library()

# Characters of unchanged text kept on each side of a change.
CONTEXT = 80
ELLIPSIS = "…"


@register.filter
def around_changes(ops: list[DiffOp], context: int = CONTEXT) -> list[DiffOp]:
    """`ops` with each long unchanged run cut to `context` characters beside the changes
    around it, the cut marked with an ellipsis. A diff without changes is left whole."""
    if not any(op.kind != "equal" for op in ops):
        return ops
    last = len(ops) - 1
    shortened = []
    for index, op in enumerate(ops):
        text = op.text
        if op.kind == "equal":
            keep_before = 0 if index == 0 else context  # after the change before it
            keep_after = 0 if index == last else context  # before the change after it
            if len(text) > keep_before + keep_after + len(ELLIPSIS):
                text = text[:keep_before] + ELLIPSIS + text[len(text) - keep_after :]
        shortened.append(DiffOp(op.kind, text) if text != op.text else op)
    return shortened
