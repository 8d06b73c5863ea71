"""Synthetic launches for tests and benchmarks: invented leads and sales shaped like real exports.

:func:`write_launch` writes a launch's lead, sales and purchase-history
exports (CSV and Parquet) and a launch YAML that HotLeads reads as it is.
"""

from hotleads_core.synth.writer import SynthSummary, write_launch

__all__ = ["SynthSummary", "write_launch"]
