"""Django / Wagtail: check an article with integrity every time an editor saves or publishes it.

Drop this module into one of your apps (say ``newsroom/integrity_hooks.py``)
and import it from that app's ``AppConfig.ready()``:

    class NewsroomConfig(AppConfig):
        name = "newsroom"

        def ready(self) -> None:
            from . import integrity_hooks  # noqa: F401  (connects the signal handlers)

It calls the library in process (no HTTP service needed). Images are handed
over from the CMS's own storage by name, so integrity never opens a path an
article names. The report is stored on the page (``integrity_report``, a
JSONField, and ``integrity_score``) and a failing gate blocks publishing.

Assumes an ``ArticlePage`` model with ``body`` (a RichTextField or StreamField
rendering to HTML), ``integrity_report = models.JSONField(null=True,
blank=True)`` and ``integrity_score = models.IntegerField(null=True,
blank=True)``. Adjust the names to your models.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.signals import pre_save
from django.dispatch import receiver

import integrity

log = logging.getLogger(__name__)

# One Config for the whole process: it is immutable, and integrity caches the compiled rules per Config.
CONFIG = integrity.load_config(getattr(settings, "INTEGRITY_CONFIG", None))
FAIL_UNDER = getattr(settings, "INTEGRITY_FAIL_UNDER", 60)


def article_html(page: Any) -> str:
    """The HTML integrity should read: the headline, the byline and the rendered body."""
    from django.template.loader import render_to_string

    return render_to_string("newsroom/article_for_integrity.html", {"page": page})


def article_images(page: Any) -> dict[str, bytes]:
    """Image bytes by the file name that appears in the rendered ``src`` (from the CMS's storage, not from paths)."""
    images: dict[str, bytes] = {}
    for image in page.get_images():  # your own helper: the Wagtail Image objects the page uses
        rendition = image.get_rendition("original")
        with rendition.file.open("rb") as fh:
            images[rendition.file.name.rsplit("/", 1)[-1]] = fh.read()
    return images


def _check(page: Any) -> integrity.Report:
    return integrity.check(
        article_html(page),
        kind="html",
        base_url=page.full_url,
        images=article_images(page),
        name=f"page:{page.pk or 'new'}",
        config=CONFIG,
    )


@receiver(pre_save, sender="newsroom.ArticlePage")
def check_article_on_save(sender: type, instance: Any, **kwargs: Any) -> None:
    """Store the report on every save; refuse to publish below the threshold."""
    report = _check(instance)
    instance.integrity_report = json.loads(integrity.to_json(report))  # the same JSON the CLI and HTTP API produce
    instance.integrity_score = report.score
    log.info("integrity score %s for %s (%d findings)", report.score, instance, len(report.findings))
    publishing = getattr(instance, "live", False)
    if publishing and report.score is not None and report.score < FAIL_UNDER:
        worst = [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity in ("error", "critical")][:5]
        raise ValidationError(
            f"integrity score {report.score} is below {FAIL_UNDER}; fix before publishing: " + "; ".join(worst)
        )


# --- Wagtail: the same check as a hook, shown in the admin after "Publish" ------------------------
try:
    from wagtail import hooks
except ImportError:  # plain Django
    hooks = None

if hooks is not None:

    @hooks.register("before_publish_page")
    def check_before_publish(request: Any, page: Any) -> Any:
        from django.contrib import messages
        from django.shortcuts import redirect

        report = _check(page.specific)
        if report.score is not None and report.score < FAIL_UNDER:
            messages.error(request, f"Not published: integrity score {report.score} (needs {FAIL_UNDER}).")
            return redirect("wagtailadmin_pages:edit", page.pk)
        return None


# --- async views (Django ≥ 4.1): integrity.acheck runs the check in a worker thread ------------------
async def integrity_report_view(request: Any, page_id: int) -> Any:
    from django.http import HttpResponse
    from newsroom.models import ArticlePage  # type: ignore[import-not-found]

    page = await ArticlePage.objects.aget(pk=page_id)
    report = await integrity.acheck(article_html(page), kind="html", config=CONFIG, name=f"page:{page_id}")
    return HttpResponse(integrity.to_html(report), content_type="text/html")
