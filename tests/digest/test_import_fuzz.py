"""The sample post, damaged in 200 seeded ways, through `import_digest`: every run imports or
fails with a clean error naming the file, never a traceback, and a failed run leaves the
database as it was.

The mutations are what an editor's copy and paste, or a broken download, does to a post:
lines lost, doubled or swapped, the file cut short, a NUL character or a very long string
pasted in. The seed is fixed, so a failure names a run that can be replayed.
"""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.models import User
from core.models import AuditEvent
from digest.models import Digest, Entry, Revision, Segment, SegmentText
from tests.conftest import SAMPLE_PATH

pytestmark = pytest.mark.django_db

RUNS = 200
SEED = 20241021


def delete_line(rng: random.Random, lines: list[str]) -> str:
    index = rng.randrange(len(lines))
    del lines[index]
    return f"delete line {index + 1}"


def duplicate_line(rng: random.Random, lines: list[str]) -> str:
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return f"duplicate line {index + 1}"


def swap_lines(rng: random.Random, lines: list[str]) -> str:
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return f"swap lines {a + 1} and {b + 1}"


def insert_nul(rng: random.Random, lines: list[str]) -> str:
    index = rng.randrange(len(lines))
    at = rng.randrange(len(lines[index]) + 1)
    lines[index] = lines[index][:at] + "\x00" + lines[index][at:]
    return f"NUL in line {index + 1} at {at}"


def truncate(rng: random.Random, lines: list[str]) -> str:
    text = "\n".join(lines)
    at = rng.randrange(len(text))
    lines[:] = text[:at].split("\n")
    return f"truncate at character {at}"


def long_string(rng: random.Random, lines: list[str]) -> str:
    # Often the title, the publisher or a URL line: the values with a length limit.
    urls = [i for i, line in enumerate(lines) if line.startswith("http")]
    index = rng.choice(
        [
            rng.randrange(len(lines)),
            0,
            1,
            rng.choice(urls) if urls else 0,
            rng.randrange(len(lines)),
        ]
    )
    length = rng.choice([121, 301, 501, 5_000, 50_000])
    word = rng.choice(["가", "a", "https://x.com/", "Papers ", " / "])
    filler = (word * length)[:length]
    if rng.random() < 0.5:
        lines[index] = filler
        return f"line {index + 1} replaced by {length} characters of {word!r}"
    lines[index] += filler
    return f"{length} characters of {word!r} appended to line {index + 1}"


# With weights: a NUL always ends in a refusal, so it is drawn less often than the rest.
MUTATIONS = {
    delete_line: 3,
    duplicate_line: 3,
    swap_lines: 2,
    insert_nul: 1,
    truncate: 2,
    long_string: 4,
}


def mutated(rng: random.Random) -> tuple[str, list[str]]:
    lines = SAMPLE_PATH.read_text(encoding="utf-8").split("\n")
    chosen = rng.choices(list(MUTATIONS), weights=list(MUTATIONS.values()), k=rng.choice([1, 1, 2]))
    done = [mutation(rng, lines) for mutation in chosen]
    return "\n".join(lines), done


def rows() -> tuple[int, ...]:
    models = (Digest, Entry, Revision, Segment, SegmentText, User, AuditEvent)
    return tuple(model.objects.count() for model in models)


class _Undo(Exception):
    """Rolls a successful import back, so that every run meets the same database."""


def test_damaged_posts_import_or_fail_cleanly(tmp_path):
    rng = random.Random(SEED)
    path = tmp_path / "post.txt"
    outcomes = {"imported": 0, "refused": 0}
    problems = []
    for run in range(RUNS):
        text, done = mutated(rng)
        path.write_text(text, encoding="utf-8")
        before = rows()
        try:
            with transaction.atomic():
                try:
                    call_command("import_digest", str(path), stdout=StringIO())
                except CommandError as error:
                    outcomes["refused"] += 1
                    if not str(error).startswith(f"{path}: ") or rows() != before:
                        problems.append(f"run {run} ({'; '.join(done)}): {error}")
                else:
                    outcomes["imported"] += 1
                raise _Undo
        except _Undo:
            pass
        except Exception as error:  # noqa: BLE001 - any other exception is what is tested for
            problems.append(f"run {run} ({'; '.join(done)}): {type(error).__name__}: {error}")
    assert not problems, "\n".join(problems)
    # Both outcomes occur, or the mutations would test only one side.
    assert outcomes["imported"] >= 10 and outcomes["refused"] >= 10, outcomes
