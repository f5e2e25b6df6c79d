from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from digest.models import Digest, Revision, Segment

# What people may write: a suggested or edited sentence, and a note on a flag, a suggestion or
# a rejection. The forms and the services (corrections.services) all take them from here.
MAX_TEXT_LENGTH = 2000
MAX_NOTE_LENGTH = 2000


class FlagReason(models.TextChoices):
    MISTRANSLATION = "mistranslation", _("Mistranslation")
    AWKWARD = "awkward", _("Awkward wording")
    TERMINOLOGY = "terminology", _("Terminology")
    NUMBER = "number", _("Wrong number")
    OMISSION = "omission", _("Something is missing")
    TYPO = "typo", _("Typo")
    OTHER = "other", _("Other")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved by a correction")
    DISMISSED = "dismissed", _("Dismissed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OUTDATED = "outdated", _("Outdated: the sentence changed")


class RejectReason(models.TextChoices):
    NOT_BETTER = "not_better", _("Not an improvement")
    MEANING = "meaning", _("Changes the meaning")
    TERMINOLOGY = "terminology", _("Does not follow the glossary")
    DUPLICATE = "duplicate", _("Duplicates another suggestion")
    STYLE = "style", _("Does not fit the style guide")
    OTHER = "other", _("Other")


class Flag(models.Model):
    """A member's report that a translated sentence is wrong or awkward."""

    Reason = FlagReason

    Status = FlagStatus

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="flags")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="flags"
    )
    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="flags", verbose_name=_("flagged revision")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    note_html = models.TextField(blank=True, editable=False)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    resolved_by = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="resolved_flags"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "author"],
                condition=Q(status="open"),
                name="flag_one_open_per_member_segment",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FlagReason.values), name="flag_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FlagStatus.values), name="flag_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__gt=F("span_start")),
                name="flag_span_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_by__isnull=False),
                name="flag_resolved_has_revision",
            ),
        ]
        indexes = [
            models.Index(fields=["segment", "status"]),
            # The review queue's reason filter: the sentences with an open flag of a reason.
            models.Index(
                fields=["reason", "segment"], condition=Q(status="open"), name="flag_open_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on {self.segment}"


SUGGESTION_OPEN = Q(status__in=[SuggestionStatus.PENDING, SuggestionStatus.OUTDATED])


class Suggestion(models.Model):
    """Replacement text proposed for one sentence, made against a known base text."""

    Status = SuggestionStatus

    RejectReason = RejectReason
    OPEN_STATUSES = (Status.PENDING, Status.OUTDATED)

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="suggestions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="suggestions"
    )
    base_revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, related_name="based_suggestions"
    )
    base_text = models.TextField(_("text it replaces"))
    text = models.TextField(_("suggested text"))
    note = models.TextField(_("note"), blank=True)
    note_html = models.TextField(blank=True, editable=False)
    flag = models.ForeignKey(
        Flag, on_delete=models.SET_NULL, null=True, blank=True, related_name="suggestions"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    score = models.IntegerField(_("votes"), default=0)
    vote_count = models.PositiveIntegerField(default=0)
    # When the sentence changed under a suggestion, the rebase of base→text onto the newer
    # sentence (`rebased_on`) is kept here; null when the patch did not apply cleanly.
    rebased_on = models.TextField(null=True, blank=True)
    rebased_text = models.TextField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_suggestions",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    accepted_text = models.TextField(null=True, blank=True)
    accepted_revision = models.ForeignKey(
        Revision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accepted_suggestions",
    )
    reject_reason = models.CharField(
        max_length=20, choices=RejectReason.choices, blank=True, default=""
    )
    reject_note = models.TextField(blank=True)
    reject_note_html = models.TextField(blank=True, editable=False)
    # Set on the machine suggestions that apply a glossary term to a sentence still using a
    # forbidden rendering (corrections.services.glossary_candidates.glossary_batch_open).
    glossary_term = models.ForeignKey(
        "GlossaryTerm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="machine_suggestions",
        verbose_name=_("glossary term applied"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=F("base_text")), name="suggestion_changes_text"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values),
                name="suggestion_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(accepted_revision__isnull=False, reviewed_by__isnull=False),
                name="suggestion_accepted_has_revision",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected")
                | Q(reviewed_by__isnull=False) & ~Q(reject_reason=""),
                name="suggestion_rejected_has_reason",
            ),
            # Nobody reviews what they wrote. A glossary batch suggestion was written by the
            # machine for the editor who opened the batch, who may review it sentence by
            # sentence.
            models.CheckConstraint(
                condition=~Q(reviewed_by=F("author")) | Q(glossary_term__isnull=False),
                name="suggestion_not_self_reviewed",
            ),
        ]
        # Partial indexes on the open suggestions, one for each order of the review queue, so a
        # page is read in index order instead of sorting every open suggestion. Their
        # condition is SUGGESTION_OPEN, which the queue's status filter repeats word for word.
        indexes = [
            models.Index(
                fields=["-score", "created_at", "id"],
                condition=SUGGESTION_OPEN,
                name="suggestion_open_votes",
            ),
            models.Index(
                fields=["created_at", "id"], condition=SUGGESTION_OPEN, name="suggestion_open_age"
            ),
            # By sentence in the order of votes: the "most flagged" order walks the sentences
            # by their open flags (SegmentTally) and reads each one's suggestions from here;
            # the digest and entry filters and the recounts use it too.
            models.Index(
                fields=["segment", "-score", "created_at", "id"],
                condition=SUGGESTION_OPEN,
                name="suggestion_open_segment",
            ),
            models.Index(
                fields=["author", "-score", "created_at", "id"],
                condition=SUGGESTION_OPEN,
                name="suggestion_open_author",
            ),
        ]

    def __str__(self) -> str:
        return f"Suggestion {self.pk} on {self.segment}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def written_by(self, user) -> bool:
        """Whether `user` wrote this text (a glossary batch's text is the machine's)."""
        return self.author_id == user.pk and self.glossary_term_id is None


class SegmentTally(models.Model):
    """The open work on one active sentence, kept by corrections.tallies.

    A row exists exactly while its sentence is active and has an open flag or an open
    suggestion. Every service that opens or closes a flag or a suggestion, or changes a
    suggestion's votes, recounts its sentences in the same transaction, so the review queue
    and the attention list read these figures instead of counting every open row.
    """

    segment = models.OneToOneField(
        Segment, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    open_flags = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    outdated = models.PositiveIntegerField(default=0)
    # The sum of the open suggestions' scores, and the latest open flag or suggestion.
    votes = models.IntegerField(default=0)
    last_activity = models.DateTimeField()

    class Meta:
        verbose_name = _("open work on a sentence")
        verbose_name_plural = _("open work on sentences")
        constraints = [
            models.CheckConstraint(
                condition=Q(open_flags__gt=0) | Q(pending__gt=0) | Q(outdated__gt=0),
                name="segment_tally_has_open_work",
            ),
        ]
        indexes = [
            # The "most flagged" order of the review queue walks the sentences this way.
            models.Index(fields=["-open_flags", "segment"], name="segment_tally_flags"),
        ]

    def __str__(self) -> str:
        return f"{self.open_flags} flags, {self.pending + self.outdated} suggestions"


class DigestTally(models.Model):
    """Open suggestions on a digest's active sentences: the sums of its SegmentTally rows.

    The header's count of work waiting for editors adds up these rows (one a digest), and
    the row is the lock that serialises recounts of the digest's sentences.
    """

    digest = models.OneToOneField(
        Digest, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    pending = models.PositiveIntegerField(default=0)
    outdated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("open suggestions of a digest")
        verbose_name_plural = _("open suggestions of digests")

    def __str__(self) -> str:
        return f"{self.digest_id}: {self.pending} pending, {self.outdated} outdated"


class Vote(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes"
    )
    value = models.SmallIntegerField(choices=[(1, "+1"), (-1, "−1")])
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "voter"], name="vote_once_per_member"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} by {self.voter} on {self.suggestion_id}"


class GlossaryStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PROPOSED = "proposed", _("Proposed")
    DECLINED = "declined", _("Declined")
    # An approved term editors took out of use: kept on record, no longer checked.
    RETIRED = "retired", _("Retired")


class GlossaryTerm(models.Model):
    """An English term with the Korean renderings editors approved (or forbid)."""

    Status = GlossaryStatus

    source = models.CharField(_("English term"), max_length=120)
    approved = models.JSONField(_("approved renderings"), default=list, blank=True)
    forbidden = models.JSONField(_("forbidden renderings"), default=list, blank=True)
    do_not_translate = models.BooleanField(_("keep as written"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=GlossaryStatus.choices, default=GlossaryStatus.APPROVED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_terms",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.functions.Lower("source")]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("source"),
                condition=Q(status="approved"),
                name="glossary_one_approved_per_term",
            ),
            models.CheckConstraint(
                condition=Q(status__in=GlossaryStatus.values), name="glossary_status_valid"
            ),
            models.CheckConstraint(condition=~Q(source=""), name="glossary_source_not_empty"),
        ]

    def __str__(self) -> str:
        return self.source


class MachineFinding(models.Model):
    """A problem an automatic check found in a sentence of an entry's current revision.

    Findings are derived data: they are recomputed whenever an entry gets a new revision,
    so rows are replaced rather than kept.
    """

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")
        INFO = "info", _("Note")

    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="findings")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="findings")
    check_code = models.CharField(_("check"), max_length=20)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    # The English template and its values, translated when shown (corrections.finding_text).
    message = models.TextField(_("message"))
    params = models.JSONField(_("message values"), default=dict, blank=True)
    why = models.TextField(_("why"), blank=True)
    fix = models.TextField(_("suggested fix"), null=True, blank=True)
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["segment", "id"]
        verbose_name = _("machine finding")
        verbose_name_plural = _("machine findings")
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__in=["error", "warning", "info"]),
                name="finding_severity_valid",
            ),
        ]
        indexes = [models.Index(fields=["revision", "segment"])]

    def __str__(self) -> str:
        return f"{self.check_code}: {self.message[:60]}"


class GlossaryCandidateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Dismissed")


class GlossaryCandidate(models.Model):
    """A glossary entry proposed because accepted corrections re-rendered a term alike.

    It is proposed once the same change (the English term, the old and the new Korean) was
    made in sentences of at least two entries; its evidence is those changes
    (RenderingChange). Editors accept it into an approved GlossaryTerm or dismiss it, and a
    dismissed change is not proposed again.
    """

    Status = GlossaryCandidateStatus

    source = models.CharField(_("English term"), max_length=120)
    old = models.CharField(_("old rendering"), max_length=120)
    new = models.CharField(_("new rendering"), max_length=120)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=GlossaryCandidateStatus.choices,
        default=GlossaryCandidateStatus.OPEN,
    )
    term = models.ForeignKey(
        GlossaryTerm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("glossary term"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_glossary_candidates",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("glossary candidate")
        verbose_name_plural = _("glossary candidates")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("source"),
                "old",
                "new",
                condition=Q(status="open"),
                name="glossary_candidate_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=GlossaryCandidateStatus.values),
                name="glossary_candidate_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(old=F("new")), name="glossary_candidate_changes_rendering"
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(term__isnull=False),
                name="glossary_candidate_accepted_has_term",
            ),
            models.CheckConstraint(
                condition=~Q(source="") & ~Q(old="") & ~Q(new=""),
                name="glossary_candidate_not_empty",
            ),
            # A decision names who made it and when.
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="glossary_candidate_decided_by_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="glossary_candidate_status"),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.old} → {self.new}"


class RenderingChange(models.Model):
    """One accepted change of a term's rendering in one sentence, found by
    corrections.term_changes in a correction or an editor's edit.

    Changes are kept whether or not they make a candidate yet: the second entry with the
    same change is what proposes one. `before` and `after` are the sentence's Korean on
    either side of the revision, kept so that the evidence reads without the history.
    """

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="rendering_changes"
    )
    segment = models.ForeignKey(Segment, on_delete=models.CASCADE, related_name="rendering_changes")
    suggestion = models.ForeignKey(
        Suggestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rendering_changes",
    )
    source_term = models.CharField(_("English term"), max_length=120)
    old = models.CharField(_("old rendering"), max_length=120)
    new = models.CharField(_("new rendering"), max_length=120)
    before = models.TextField(_("text before"))
    after = models.TextField(_("text after"))
    candidate = models.ForeignKey(
        GlossaryCandidate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("rendering change")
        verbose_name_plural = _("rendering changes")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("source_term"),
                "old",
                "new",
                "revision",
                "segment",
                name="rendering_change_once",
            ),
            models.CheckConstraint(
                condition=~Q(old=F("new")), name="rendering_change_changes_rendering"
            ),
        ]
        indexes = [
            models.Index(
                models.functions.Lower("source_term"), "old", "new", name="rendering_change_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_term}: {self.old} → {self.new} ({self.segment_id})"
