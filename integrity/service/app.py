"""The HTTP service: a thin FastAPI shell over :func:`integrity.api.check`.

``POST /v1/check`` answers exactly ``integrity.to_json(report)`` — the report the CLI
writes for one document. In the service, an article never makes the server
read its own files: images come only from the request's uploads (matched to
``src`` by path/file name), ``file:`` and other schemes are refused, local
paths are never opened, and remote images are fetched only when the config
says ``fetch_remote = true``.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.datastructures import FormData, UploadFile

from .. import __version__, api
from ..config import Config
from ..images.evidence import AI_VERDICTS, CONFORMANCE_STATUSES, MEDIA_KINDS
from ..model import Report
from ..sources.file import KIND_BY_SUFFIX
from ..sources.uploads import UploadedImages
from .auth import KeyRing, presented_key
from .limits import ASGIApp, BodyLimit, Gate, LimitExceeded, Message, Receive, Scope, Send
from .logs import RequestLog
from .settings import ServiceSettings

log = logging.getLogger("integrity.service")

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
            "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
_STATIC = {"app.js": "text/javascript", "app.css": "text/css", "docs.js": "text/javascript", "icon.svg": "image/svg+xml"}
_SWAGGER = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}
_MAX_NAME = 300

ERROR_SCHEMA = {"type": "object", "required": ["detail"], "properties": {"detail": {}}}
_ERRORS = {
    400: "Malformed request", 401: "Missing or wrong API key", 408: "The body was not received in time",
    413: "Request body over the size limit", 415: "Unsupported content type",
    422: "The request does not match the schema", 503: "Busy: too many checks in progress",
    504: "The check took longer than the time limit",
}
CHECK_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "html": {"type": "string", "description": "The article as HTML."},
        "text": {"type": "string", "description": "The article as plain text."},
        "markdown": {"type": "string", "description": "The article as Markdown (front matter allowed)."},
        "base_url": {"type": "string", "description": "The URL the article is (to be) published at."},
        "source": {"type": "string", "maxLength": _MAX_NAME, "description": "Name shown as document.source."},
    },
    "oneOf": [{"required": ["html"]}, {"required": ["text"]}, {"required": ["markdown"]}],
}
CHECK_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["article"],
    "properties": {
        "article": {
            "type": "string",
            "format": "binary",
            "description": "The article: a file (.html, .htm, .txt, .md) or the text itself.",
        },
        "kind": {
            "type": "string",
            "enum": ["html", "text", "markdown"],
            "description": "Parse as HTML, text or Markdown (default: from the file name or content).",
        },
        "base_url": {"type": "string"},
        "source": {"type": "string", "maxLength": _MAX_NAME},
        "images": {
            "type": "array",
            "items": {"type": "string", "format": "binary"},
            "description": "The article's images; each is matched to an img src by its file name or path. "
            "Parts named images[] or images[0], images[1] … (as PHP and Rails clients send "
            "repeated files) are read as images too.",
        },
    },
}
INSPECT_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["image"],
    "properties": {"image": {"type": "string", "format": "binary"}},
}
INSPECT_RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["path", "ai", "credentials", "signals"],
    "properties": {
        "path": {"type": "string"},
        "ai": {"enum": list(AI_VERDICTS)},
        "kind": {"enum": list(MEDIA_KINDS), "description": "the medium: an image, or a video, audio, PDF or manifest store"},
        "not_applicable": {"type": "array", "items": {"type": "string"},
                           "description": "passes a medium without pixels has none for (pixels, watermark, phash)"},
        "rubric_signals": {"type": "array", "items": {"type": "string"},
                           "description": "`ai` in the C2PA Asset Rubrics vocabulary (the active manifest's signals)"},
        "credentials": {"type": "object", "required": ["state"], "properties": {"state": {"type": "string"}}},
        "conformance": {"type": ["object", "null"], "description": "the signing product on the C2PA Conforming Products List",
                        "properties": {"status": {"enum": list(CONFORMANCE_STATUSES)}}},
        "signals": {"type": "array"},
        "notes": {"type": "array", "items": {"type": "string"}, "description": "e.g. a bundled C2PA list past its age limit"},
    },
}
RULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "kind", "area", "severity", "confidence", "weight", "enabled", "tags", "description"],
    "properties": {
        "id": {"type": "string"},
        "kind": {"type": "string"},
        "area": {"enum": ["provenance", "attribution", "credits"]},
        "severity": {"enum": ["info", "warning", "error", "critical"]},
        "confidence": {"enum": ["low", "medium", "high"]},
        "weight": {"type": "number"},
        "enabled": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "description": {"type": "string"},
    },
}


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"description": _ERRORS[c], "content": {"application/json": {"schema": ERROR_SCHEMA}}} for c in codes}


def report_components() -> dict[str, Any]:
    """The report JSON schema's definitions as OpenAPI components (``Report``, ``Finding`` …)."""
    raw = resources.files("integrity").joinpath("schemas/report.schema.json").read_text(encoding="utf-8")
    names = {"report": "Report", "finding": "Finding", "image": "ImageReport", "video": "VideoReport", "span": "Span",
             "tool": "Tool"}
    for key, name in names.items():
        raw = raw.replace(f'"#/$defs/{key}"', f'"#/components/schemas/{name}"')
    defs = json.loads(raw)["$defs"]
    return {names.get(k, k): v for k, v in defs.items()}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        csp = (
            PAGE_CSP
            if path == "/" or path.startswith("/static/")
            else DOCS_CSP
            if path.startswith("/docs")
            else API_CSP
        )

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                ]
                message["headers"] = [*message.get("headers", []), *(h for h in extra if h[0] not in have)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _static(package: str, name: str) -> bytes:
    return resources.files(package).joinpath(name).read_bytes()


def _swagger_assets() -> dict[str, bytes]:
    try:
        return {name: _static("swagger_ui", f"static/{name}") for name in _SWAGGER}
    except (ModuleNotFoundError, FileNotFoundError):
        return {}


def _unprocessable(message: str) -> HTTPException:
    return HTTPException(422, message)


def _text_field(form: FormData, key: str) -> str | None:
    values = form.getlist(key)
    if not values:
        return None
    if len(values) > 1 or not isinstance(values[0], str):
        raise _unprocessable(f"{key} must be one text field")
    return values[0]


def _check_name(value: str | None, key: str) -> str | None:
    if value is not None and len(value) > _MAX_NAME:
        raise _unprocessable(f"{key} is longer than {_MAX_NAME} characters")
    return value


class CheckInput:
    def __init__(
        self, data: str | bytes, kind: api.Kind | None, base_url: str | None, source: str, images: UploadedImages
    ) -> None:
        self.data, self.kind, self.base_url, self.source, self.images = data, kind, base_url, source, images


def check_input_from_json(body: bytes) -> CheckInput:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the body is not valid JSON: {exc}") from None
    except RecursionError:  # the decoder recurses per level: 100,000 nested [ would end as a 500
        raise HTTPException(400, "the body is not valid JSON: nested too deeply") from None
    if not isinstance(payload, dict):
        raise _unprocessable("the body must be a JSON object with html or text")
    unknown = set(payload) - set(CHECK_JSON_SCHEMA["properties"])
    if unknown:
        raise _unprocessable(f"unknown field(s): {', '.join(sorted(unknown))}")
    for key, value in payload.items():
        if not isinstance(value, str):
            raise _unprocessable(f"{key} must be a string")
        if (why := api.lone_surrogate(value)) is not None:
            raise _unprocessable(f"{key}: {why}")
    given = [k for k in ("html", "text", "markdown") if k in payload]
    if len(given) != 1:
        raise _unprocessable("give exactly one of html, text or markdown")
    kind: api.Kind = "html" if given[0] == "html" else "markdown" if given[0] == "markdown" else "text"
    source = _check_name(payload.get("source"), "source") or "<request>"
    return CheckInput(payload[given[0]], kind, payload.get("base_url"), source, UploadedImages())


def _is_image_field(key: str) -> bool:
    """``images``, or ``images[]`` / ``images[3]`` as PHP and Rails clients name repeated files."""
    return key == "images" or re.fullmatch(r"images\[\d*\]", key) is not None


async def check_input_from_form(form: FormData, max_images: int) -> CheckInput:
    unknown = {k for k in form.keys() if not _is_image_field(k)} - set(CHECK_FORM_SCHEMA["properties"])
    if unknown:
        raise _unprocessable(f"unknown field(s): {', '.join(sorted(unknown))}")
    articles = form.getlist("article")
    if len(articles) != 1:
        raise _unprocessable("give exactly one article (a file or a text field)")
    article = articles[0]
    kind_field = _text_field(form, "kind")
    if kind_field not in (None, "html", "text", "markdown"):
        raise _unprocessable("kind must be html, text or markdown")
    kind: api.Kind | None = kind_field  # type: ignore[assignment]
    source = _check_name(_text_field(form, "source"), "source")
    data: str | bytes
    if isinstance(article, UploadFile):
        data = await article.read()
        filename = (article.filename or "").replace("\\", "/")
        if kind is None:
            suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
            kind = KIND_BY_SUFFIX.get(suffix)  # type: ignore[assignment]
        source = source or (filename.rsplit("/", 1)[-1][:_MAX_NAME] if filename else None)
    else:
        data = article
    images: list[tuple[str, bytes]] = []
    uploads = [value for key, value in form.multi_items() if _is_image_field(key)]
    if len(uploads) > max_images:
        raise HTTPException(413, f"more than {max_images} images in one request")
    for upload in uploads:
        if not isinstance(upload, UploadFile):
            raise _unprocessable("images must be files")
        if not upload.filename:
            raise _unprocessable("every image needs a file name (it is matched to the article's src)")
        images.append((upload.filename[: _MAX_NAME * 2], await upload.read()))
    return CheckInput(data, kind, _text_field(form, "base_url"), source or "<request>", UploadedImages(tuple(images)))


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The ASGI app for ``settings`` (no global state: two apps in one process are independent)."""
    settings = settings or ServiceSettings()
    keys = KeyRing(settings.api_keys)
    config: Config = settings.check_config()
    api.checker(config)  # compile the rules now, not on the first request
    gate = Gate(settings.max_concurrency, settings.max_waiting, settings.request_timeout)
    page = {name: _static(__package__ or "integrity.service", f"static/{name}") for name in ("index.html", *_STATIC)}
    swagger = _swagger_assets()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        log.info(
            "service started",
            extra={
                "auth_required": keys.__bool__(),
                "max_body_bytes": settings.max_body_bytes,
                "max_concurrency": settings.max_concurrency,
                "fetch_remote": config.fetch_remote,
            },
        )
        yield
        gate.close()

    app = FastAPI(
        title="integrity",
        version=__version__,
        summary="Check news articles for undisclosed AI images, unsourced claims and missing credits.",
        description=(
            "POST an article (JSON, or multipart with its image files) to `/v1/check` and get the same Report "
            "JSON the `integrity` command line writes. Images are matched to the article's `src` by file "
            "name or path; the server never reads its own files for an article."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )

    api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An API key.")
    bearer = HTTPBearer(auto_error=False, description="An API key as a Bearer token.")

    def require_key(request: Request) -> None:
        if keys and not keys.accepts(presented_key(request.headers)):
            raise HTTPException(
                401,
                "a valid API key is required (X-API-Key or Authorization: Bearer)",
                headers={"WWW-Authenticate": 'Bearer realm="integrity"'},
            )

    # the security schemes appear in the OpenAPI spec only when keys are configured
    auth: list[Any] = [Depends(api_key_header), Depends(bearer), Depends(require_key)] if keys else []
    auth_errors = (401,) if keys else ()

    async def run_check(job: CheckInput) -> Report:
        return await gate.run(
            lambda: api.check(
                job.data, kind=job.kind, base_url=job.base_url, config=config, images=job.images, name=job.source
            )
        )

    @app.exception_handler(LimitExceeded)
    async def limit_exceeded(_: Request, exc: LimitExceeded) -> JSONResponse:
        return JSONResponse({"detail": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed", extra={"path": request.url.path})
        return JSONResponse({"detail": "internal error"}, status_code=500)

    @app.post(
        "/v1/check",
        dependencies=auth,
        tags=["check"],
        summary="Check an article",
        response_class=Response,
        responses={
            200: {
                "description": "The report (the same JSON as `integrity scan --format json` holds per document)",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}}},
            },
            **_errors(400, *auth_errors, 408, 413, 415, 422, 503, 504),
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": CHECK_JSON_SCHEMA},
                    "multipart/form-data": {"schema": CHECK_FORM_SCHEMA},
                },
            }
        },
    )
    async def check(request: Request) -> Response:
        """Check one article and return its Report.

        JSON: `{"html": "..."}` or `{"text": "..."}`, with optional `base_url` and `source`.
        Multipart: `article` (a file or text), optional `kind`, `base_url`, `source`, and `images` files,
        each matched to an `img src` by its file name or path.
        """
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/json":
            job = check_input_from_json(await request.body())
        elif ctype == "multipart/form-data":
            async with request.form(
                max_files=settings.max_images + 1, max_fields=20, max_part_size=settings.max_body_bytes
            ) as form:
                job = await check_input_from_form(form, settings.max_images)
        else:
            raise HTTPException(415, "send application/json or multipart/form-data")
        report = await run_check(job)
        return Response(api.to_json(report), media_type="application/json")

    @app.post(
        "/v1/inspect",
        dependencies=auth,
        tags=["check"],
        summary="Inspect one image",
        response_class=JSONResponse,
        responses={
            200: {
                "description": "The image's verdict, Content Credentials and AI signals (as `integrity inspect --format json`)",
                "content": {"application/json": {"schema": INSPECT_RESPONSE_SCHEMA}},
            },
            **_errors(400, *auth_errors, 408, 413, 415, 422, 503, 504),
        },
        openapi_extra={
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": INSPECT_FORM_SCHEMA}}}
        },
    )
    async def inspect(request: Request) -> JSONResponse:
        """Analyse one uploaded image (multipart field `image`)."""
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "multipart/form-data":
            raise HTTPException(415, "send multipart/form-data with an image field")
        async with request.form(max_files=2, max_fields=2, max_part_size=settings.max_body_bytes) as form:
            if set(form.keys()) - {"image"}:
                raise _unprocessable("the only field is image")
            uploads = form.getlist("image")
            if len(uploads) != 1 or not isinstance(uploads[0], UploadFile):
                raise _unprocessable("give exactly one image file")
            name = (uploads[0].filename or "upload")[:_MAX_NAME]
            data = await uploads[0].read()
        record = await gate.run(lambda: api.inspect_image(data, config=config, name=name))
        return JSONResponse(record)

    @app.get(
        "/v1/rules",
        dependencies=auth,
        tags=["rules"],
        summary="The loaded rules",
        responses={
            200: {
                "description": "Every rule, as `integrity rules list --format json`",
                "content": {"application/json": {"schema": {"type": "array", "items": RULE_SCHEMA}}},
            },
            **_errors(*auth_errors),
        },
    )
    def rules() -> list[dict[str, Any]]:
        return api.rule_list(config)

    @app.get(
        "/healthz",
        tags=["service"],
        summary="Liveness",
        responses={
            200: {
                "description": "The service is up",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["status", "version", "auth_required"],
                            "properties": {
                                "status": {"const": "ok"},
                                "version": {"type": "string"},
                                "auth_required": {"type": "boolean"},
                                "running": {"type": "integer"},
                                "waiting": {"type": "integer"},
                            },
                        }
                    }
                },
            }
        },
    )
    def healthz() -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "auth_required": bool(keys),
            "running": gate.running,
            "waiting": gate.waiting,
        }

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page["index.html"])

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _STATIC:
            raise HTTPException(404, "not found")
        return Response(page[name], media_type=_STATIC[name])

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(page["icon.svg"], media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>integrity API</title>'
            '<link rel="icon" href="/static/icon.svg" type="image/svg+xml">'
            '<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body>'
            '<div id="swagger-ui"><p>The OpenAPI spec is at <a href="/openapi.json">/openapi.json</a>.</p></div>'
            + (
                '<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/static/docs.js"></script>'
                if swagger
                else ""
            )
            + "</body></html>"
        )
        return HTMLResponse(body)

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if name not in swagger:
            raise HTTPException(404, "not found")
        return Response(swagger[name], media_type=_SWAGGER[name])

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            spec.setdefault("components", {}).setdefault("schemas", {}).update(report_components())
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, read_timeout=settings.request_timeout)
    app.add_middleware(RequestLog)
    app.state.settings = settings
    app.state.gate = gate
    return app
