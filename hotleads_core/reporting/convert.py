"""Convert an executed report notebook to one self-contained HTML page.

The page has no code, no prompts and no cell that papermill inserted. The
template ``templates/hotleads_report`` extends nbconvert's ``lab`` page and
empties the blocks that load require.js, MathJax, mermaid and the widget
manager from a CDN, so the file opens offline. Images are inlined as base64
by nbconvert itself.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from hotleads_core.errors import ReportError

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "hotleads_report"

# Cells that never belong in a published report.
REMOVED_CELL_TAGS = ("parameters", "injected-parameters", "papermill-error-cell-tag", "remove-cell")

# A tag that loads a resource from the network when the page opens. A plain
# link (<a href="https://...">) loads nothing and is allowed.
EXTERNAL_RESOURCE = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//"
    r"|<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//"
    r"|url\(\s*[\"']?(?:https?:)?//",
    re.IGNORECASE,
)


def notebook_to_html(notebook, *, title: str) -> str:
    """Render an executed notebook as an HTML page without code or prompts.

    Parameters
    ----------
    notebook : NotebookNode
        The executed notebook; it is not modified.
    title : str
        The page title shown by the browser.

    Raises
    ------
    ReportError
        When the page would load a resource from the network.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    page = copy.deepcopy(notebook)
    page.metadata = {"title": title, "language_info": page.metadata.get("language_info", {})}

    exporter = HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(REMOVED_CELL_TAGS), enabled=True), enabled=True)
    html, _resources = exporter.from_notebook_node(page)

    check_self_contained(html)
    return html


def check_self_contained(html: str) -> None:
    """Raise :class:`ReportError` when ``html`` loads a script, style or image from the network."""
    match = EXTERNAL_RESOURCE.search(html)
    if match:
        start = max(match.start() - 40, 0)
        raise ReportError(
            "The HTML report would load a resource from the network and would not open "
            f"offline, near: {html[start:match.end() + 40]!r}", step="convert")
