import pytest

from corrections.services.suggestions import suggestion_create


@pytest.fixture
def entry(sample_digest):
    """Entry 7 of the sample: Granite 3.0, whose summary really says 8억 for 8B."""
    return sample_digest.entries.get(position=7)


@pytest.fixture
def segment(entry):
    return entry.segments.get(field="summary", position=0)


@pytest.fixture
def suggest(segment):
    def make(author, text=None, target=None, **kwargs):
        target = target or segment
        from corrections.services.segments import current_text

        text = text or current_text(target).replace("8억", "80억") + " (수정)"
        return suggestion_create(segment=target, author=author, text=text, **kwargs)

    return make
