"""The plugin's own pages: ``/-/search``, ``/-/timeline``, ``/-/links``, and its static files.

Datasette's ``register_routes`` hook maps each path to a view here; each view
finds the archive (the first database the plugin is configured for), runs its
queries through Datasette's read-only connections and renders a template of
``templates/``. The static files (CSS, the vendored chart library) are served
from the package itself, so the pages load nothing from another host.
"""

from __future__ import annotations

import mimetypes
from importlib.resources import files

from datasette.utils.asgi import NotFound, Response

STATIC = files("bladiscrape.publish") / "static"


def archive_name(datasette) -> str:
    """The database the pages read: the first one the plugin is configured for."""
    from bladiscrape.publish.plugin import plugin_config

    for name in datasette.databases:
        if plugin_config(datasette, name) is not None:
            return name
    raise NotFound("no bladiscrape archive is served here")


async def static(request):
    """A file of ``static/`` (no sub-folders, no dot files)."""
    name = request.url_vars["path"]
    if "/" in name or name.startswith(".") or not STATIC.joinpath(name).is_file():
        raise NotFound(f"no static file {name}")
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind.endswith("javascript"):
        kind += "; charset=utf-8"
    return Response(STATIC.joinpath(name).read_bytes(), content_type=kind,
                    headers={"Cache-Control": "max-age=3600"})


async def render(datasette, request, template: str, context: dict) -> Response:
    return Response.html(await datasette.render_template(template, context, request=request))


def routes() -> list[tuple[str, object]]:
    from bladiscrape.publish import charts, search

    return [
        (r"^/-/bladiscrape/static/(?P<path>[^/]+)$", static),
        (r"^/-/search$", search.page),
        (r"^/-/timeline$", charts.timeline),
        (r"^/-/links$", charts.link_map),
    ]
