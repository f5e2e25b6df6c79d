"""The Sites framework record follows settings.SITE_URL, so allauth mail names the real site."""

from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def site_sync(site_model=None, *, using: str = "default") -> None:
    """Make the current Site record's domain and name match SITE_URL (idempotent)."""
    from django.contrib.sites.models import SITE_CACHE, Site

    model = site_model or Site
    domain, name = site_domain(), "Gyojeong"
    site, created = model.objects.using(using).get_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": name}
    )
    if not created and (site.domain, site.name) != (domain, name):
        site.domain, site.name = domain, name
        site.save(using=using, update_fields=["domain", "name"])
    SITE_CACHE.clear()


def site_sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: every `migrate` (deploys, the test database) brings the record in line."""
    site_sync(using=using)
