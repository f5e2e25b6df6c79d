"""Being written in this session."""
from django.http import Http404


def queue(request, **kwargs):
    raise Http404


def audit_log(request, **kwargs):
    raise Http404


def suggestion_detail(request, **kwargs):
    raise Http404


def accept(request, **kwargs):
    raise Http404


def reject(request, **kwargs):
    raise Http404


def skip(request, **kwargs):
    raise Http404


def batch_publish(request, **kwargs):
    raise Http404


def segment_edit(request, **kwargs):
    raise Http404


def revert(request, **kwargs):
    raise Http404


def flag_dismiss(request, **kwargs):
    raise Http404

