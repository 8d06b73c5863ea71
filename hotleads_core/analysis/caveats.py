"""Statistical caveats for the caller: warnings that point at the caller's own line.

The analysis is reached through several layers of private helpers
(``analyse_launch`` -> ``aggregate`` -> ``_bands``, or ``LaunchAnalysis.view``
-> ``build_view`` -> ``channel_table``), so a fixed ``stacklevel`` would point
at a line of HotLeads for one entry point and at the wrong caller for
another. :func:`warn_caller` counts the HotLeads analysis frames on the stack
instead, so the warning names the first line outside them: the notebook
cell, script or report code that called the public function.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from hotleads_core.errors import HotLeadsWarning

_PACKAGE = Path(__file__).resolve().parents[1]

# Source files whose frames a warning skips: the analysis package and the
# two entry points above it. Other HotLeads code, such as the report runner,
# is a caller like any other.
_INTERNAL_PREFIXES = (
    str(_PACKAGE / "analysis") + "/",
    str(_PACKAGE / "aggregation.py"),
    str(_PACKAGE / "pipeline.py"),
)


def warn_caller(message: str) -> None:
    """Emit ``message`` as a :class:`HotLeadsWarning` attributed to the first caller outside the analysis."""
    frame = sys._getframe(0)
    stacklevel = 1
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame = frame.f_back
        stacklevel += 1
    warnings.warn(message, HotLeadsWarning, stacklevel=stacklevel)


def _is_internal(filename: str) -> bool:
    return str(Path(filename).resolve()).startswith(_INTERNAL_PREFIXES)
