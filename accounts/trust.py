"""Trust levels: what a member's track record earns them.

The numbers behind a level live in other apps (accepted suggestions in `corrections`, likes
and upheld reports in `digest`), which this app does not import. Each app registers a source
that counts its part of a member's record (see `register_track_record_source`, called from the
apps' `ready()`); `accounts.services.trust_level_refresh` adds them up and stores the level.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.conf import settings
from django.utils import timezone

from .models import TrustLevel, User


@dataclass(frozen=True)
class TrackRecord:
    accepted_contributions: int = 0
    likes_received: int = 0
    # Distinct days on which the member's comments were liked.
    like_days: int = 0
    # Reports against the member's comments that moderators upheld within the report window.
    upheld_reports: int = 0

    def __add__(self, other: "TrackRecord") -> "TrackRecord":
        return TrackRecord(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


TrackRecordSource = Callable[[User, datetime.datetime], TrackRecord]
_sources: list[TrackRecordSource] = []


def register_track_record_source(source: TrackRecordSource) -> None:
    """`source(user, now)` counts one app's part of the member's record."""
    if source not in _sources:
        _sources.append(source)


def track_record(user: User, *, now: datetime.datetime | None = None) -> TrackRecord:
    now = now or timezone.now()
    record = TrackRecord()
    for source in _sources:
        record = record + source(user, now)
    return record


def thresholds() -> dict:
    return settings.GYOJEONG_TRUST


def trust_level_earned(user: User, record: TrackRecord, *, now: datetime.datetime) -> str:
    """The level the record earns, before any moderator's decision."""
    limits = thresholds()
    trusted = record.accepted_contributions >= limits["TRUSTED_ACCEPTED_CONTRIBUTIONS"] or (
        record.likes_received >= limits["TRUSTED_LIKES_RECEIVED"]
        and record.like_days >= limits["TRUSTED_LIKE_DAYS"]
    )
    if trusted and record.upheld_reports == 0:
        return TrustLevel.TRUSTED
    is_new = now - user.date_joined < datetime.timedelta(days=limits["NEW_MEMBER_DAYS"])
    if is_new and record.accepted_contributions == 0:
        return TrustLevel.NEW
    return TrustLevel.MEMBER


def trust_level_for(user: User, record: TrackRecord, *, now: datetime.datetime) -> str:
    earned = trust_level_earned(user, record, now=now)
    if user.trust_level_override == TrustLevel.TRUSTED:
        return TrustLevel.TRUSTED
    if user.trust_level_override == TrustLevel.MEMBER and earned == TrustLevel.TRUSTED:
        return TrustLevel.MEMBER
    return earned
