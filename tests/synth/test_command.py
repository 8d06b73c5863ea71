"""Tests of ``hotleads synth``, run through the real command-line entry point."""

from __future__ import annotations

import pytest

from hotleads_core.cli import main


def test_synth_writes_launch(tmp_path, capsys):
    status = main(["synth", "--leads", "1k", "--seed", "4", "--out", str(tmp_path),
                   "--format", "csv", "--malformed-rate", "0"])
    output = capsys.readouterr().out
    assert status == 0
    assert "Wrote 1000 leads" in output
    assert (tmp_path / "leads.csv").is_file()
    assert (tmp_path / "launch.yaml").is_file()
    assert not (tmp_path / "leads.parquet").exists()


@pytest.mark.parametrize("count", ["ten", "0", "-5", "1.5m"], ids=["word", "zero", "negative", "decimal"])
def test_synth_rejects_invalid_lead_count(tmp_path, capsys, count):
    with pytest.raises(SystemExit) as exit_info:
        main(["synth", "--leads", count, "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "lead count" in capsys.readouterr().err


def test_synth_rejects_invalid_rate(tmp_path, capsys):
    status = main(["synth", "--leads", "10", "--out", str(tmp_path), "--malformed-rate", "1.5"])
    assert status == 2
    assert "malformed_rate must be in [0, 1)" in capsys.readouterr().err
