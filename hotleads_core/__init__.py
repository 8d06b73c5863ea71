"""HotLeads: lead scoring and launch analytics for online-course launches."""

from hotleads_core.config import LaunchConfig, load_config
from hotleads_core.errors import (
    ConfigError,
    DataError,
    HotLeadsError,
    HotLeadsWarning,
    ModelError,
    ReportError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataError",
    "HotLeadsError",
    "HotLeadsWarning",
    "LaunchConfig",
    "ModelError",
    "ReportError",
    "load_config",
]
