import datetime

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from digest.interchange import DigestData, EntryData, FieldData, SegmentData
from digest.services import digest_import


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    display_name = factory.Sequence(lambda n: f"독자{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        user.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def digest_data(
    *,
    slug: str = "2024-10-21-test-digest",
    entries: int = 3,
    sentences: int = 2,
    status: str = "published",
    start: datetime.date = datetime.date(2024, 10, 21),
) -> DigestData:
    """A digest whose every entry has a title, a summary and an abstract of `sentences` each."""

    def field(name: str, position: int) -> FieldData:
        return FieldData(
            name=name,
            segments=tuple(
                SegmentData(
                    source=f"The {name} sentence {i} of entry {position} reports 6.94% gains.",
                    target=f"항목 {position}의 {name} 문장 {i}은 6.94% 향상을 보고합니다.",
                )
                for i in range(1, sentences + 1)
            ),
        )

    return DigestData(
        slug=slug,
        title=f"[{start:%Y/%m/%d}] 테스트 다이제스트 (Test Digest)",
        publisher="PyTorchKR",
        period_start=start,
        period_end=start + datetime.timedelta(days=6),
        status=status,
        intro=("소개 문단입니다.",),
        notice=("- 안내 문구입니다.",),
        entries=tuple(
            EntryData(
                position=position,
                kind="paper",
                source_url=None,
                read_more_url=f"https://example.com/papers/{position}",
                fields=(
                    field("title", position),
                    field("summary", position),
                    field("abstract", position),
                ),
            )
            for position in range(1, entries + 1)
        ),
    )


def make_digest(**kwargs):
    return digest_import(data=digest_data(**kwargs)).digest
