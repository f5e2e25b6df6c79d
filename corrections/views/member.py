"""Being written in this session."""
from django.http import Http404


def segment_detail(request, **kwargs):
    raise Http404


def flag_create(request, **kwargs):
    raise Http404


def suggestion_create(request, **kwargs):
    raise Http404


def suggestion_preview(request, **kwargs):
    raise Http404


def vote(request, **kwargs):
    raise Http404


def suggestion_edit(request, **kwargs):
    raise Http404


def suggestion_withdraw(request, **kwargs):
    raise Http404


def flag_withdraw(request, **kwargs):
    raise Http404


def contributions(request, **kwargs):
    raise Http404


def notifications(request, **kwargs):
    raise Http404

