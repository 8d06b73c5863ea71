"""User-facing text of the report, the dashboard and the charts, kept in one place.

Each language is a folder under ``locales/`` with one YAML file per surface
(``report.yaml``, ``dashboard.yaml``, ``charts.yaml``, ``core.yaml``). Keys
are dotted, such as ``report.headline.title``, and values are
:meth:`str.format` templates. A key missing from a translation falls back to
English, so a partial translation still renders.
"""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from hotleads_core.errors import ConfigError

DEFAULT_LANGUAGE = "en"


@functools.cache
def catalogue(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Return every text of ``language`` as a flat mapping of dotted keys, English filling gaps."""
    texts = {} if language == DEFAULT_LANGUAGE else dict(catalogue(DEFAULT_LANGUAGE))
    folder = resources.files("hotleads_core").joinpath("locales", language)
    if not folder.is_dir():
        raise ConfigError(
            f"No texts for language {language!r}.", field="report.language", value=language,
            fix="Use 'en', or add a folder hotleads_core/locales/<language>/ with the YAML files.",
        )
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            surface = entry.name.removesuffix(".yaml")
            _flatten(yaml.safe_load(entry.read_text(encoding="utf-8")) or {}, surface, texts)
    return texts


def text(key: str, language: str = DEFAULT_LANGUAGE, **values) -> str:
    """Return the text for ``key`` in ``language``, formatted with ``values``.

    Raises
    ------
    KeyError
        When no language has the key: a missing key is a bug, not a user error.
    """
    template = catalogue(language)[key]
    return template.format(**values) if values else template


def _flatten(tree: dict, prefix: str, out: dict[str, str]) -> None:
    for name, value in tree.items():
        key = f"{prefix}.{name}"
        if isinstance(value, dict):
            _flatten(value, key, out)
        else:
            out[key] = str(value)
