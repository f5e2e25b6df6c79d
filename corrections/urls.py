from django.urls import path

from .views import dashboard as dashboard_views
from .views import member, quality, review

app_name = "corrections"

urlpatterns = [
    # Members
    path("s/<int:segment_id>/", member.segment_detail, name="segment"),
    path("s/<int:segment_id>/flags/", member.flag_create, name="flag_create"),
    path("s/<int:segment_id>/suggestions/", member.suggestion_create, name="suggestion_create"),
    path("s/<int:segment_id>/preview/", member.suggestion_preview, name="suggestion_preview"),
    path("suggestions/<int:suggestion_id>/vote/", member.vote, name="vote"),
    path("suggestions/<int:suggestion_id>/edit/", member.suggestion_edit, name="suggestion_edit"),
    path(
        "suggestions/<int:suggestion_id>/withdraw/",
        member.suggestion_withdraw,
        name="suggestion_withdraw",
    ),
    path("flags/<int:flag_id>/withdraw/", member.flag_withdraw, name="flag_withdraw"),
    path("people/<int:user_id>/", member.contributions, name="contributions"),
    path("notifications/", member.notifications, name="notifications"),
    # Editors
    path("review/", review.queue, name="review_queue"),
    path("review/audit/", review.audit_log, name="audit_log"),
    path("review/<int:suggestion_id>/", review.suggestion_detail, name="review_suggestion"),
    path("review/<int:suggestion_id>/accept/", review.accept, name="suggestion_accept"),
    path("review/<int:suggestion_id>/reject/", review.reject, name="suggestion_reject"),
    path("review/<int:suggestion_id>/skip/", review.skip, name="suggestion_skip"),
    path(
        "review/<int:suggestion_id>/back-translation/",
        review.back_translation,
        name="review_back_translation",
    ),
    path("review/entries/<int:entry_id>/publish/", review.batch_publish, name="batch_publish"),
    path("s/<int:segment_id>/edit/", review.segment_edit, name="segment_edit"),
    path("entries/<int:entry_id>/revert/", review.revert, name="revision_revert"),
    path("entries/<int:entry_id>/verify/", review.verify, name="verify"),
    path("flags/<int:flag_id>/dismiss/", review.flag_dismiss, name="flag_dismiss"),
    path("review/attention/", quality.needs_attention, name="needs_attention"),
    path("review/quality/", dashboard_views.quality_dashboard_page, name="quality_editor"),
    path(
        "review/quality/<slug:table>.csv",
        dashboard_views.quality_dashboard_csv,
        name="quality_editor_csv",
    ),
    # Translation quality for readers
    path("quality/", dashboard_views.quality_summary, name="quality"),
    path("quality/<slug:table>.csv", dashboard_views.quality_summary_csv, name="quality_csv"),
    # Glossary
    path("glossary/", quality.glossary_list, name="glossary"),
    path("glossary/new/", quality.term_edit, name="term_create"),
    path("glossary/<int:term_id>/edit/", quality.term_edit, name="term_edit"),
    path("glossary/propose/", quality.term_propose, name="term_propose"),
    path("glossary/<int:term_id>/decide/", quality.term_decide, name="term_decide"),
    path("glossary/<int:term_id>/batch/", quality.batch_open, name="glossary_batch_open"),
    path(
        "glossary/candidates/<int:candidate_id>/accept/",
        quality.candidate_accept,
        name="candidate_accept",
    ),
    path(
        "glossary/candidates/<int:candidate_id>/dismiss/",
        quality.candidate_dismiss,
        name="candidate_dismiss",
    ),
]
