"""Exit statuses and messages of the hotleads command for user errors."""

from __future__ import annotations

import pytest

from hotleads_core import cli


@pytest.mark.parametrize(
    "arguments",
    [["--help"], ["report", "--help"], ["validate", "--help"]],
    ids=["top", "report", "validate"],
)
def test_help_exits_zero(arguments, capsys):
    with pytest.raises(SystemExit, match="0"):
        cli.main(arguments)
    assert "usage: hotleads" in capsys.readouterr().out


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "usage: hotleads" in capsys.readouterr().err


def test_unknown_option_exits_two(capsys):
    with pytest.raises(SystemExit, match="2"):
        cli.main(["report", "--colour", "red", "x.yaml"])
    assert "unrecognized arguments: --colour" in capsys.readouterr().err


def test_validate_missing_file_exits_two(tmp_path, capsys):
    missing = tmp_path / "missing.yaml"
    assert cli.main(["validate", str(missing)]) == 2
    captured = capsys.readouterr()
    assert f"hotleads: error: Launch file {missing} was not found." in captured.err
    assert "Traceback" not in captured.err


def test_validate_unknown_field_names_it(tmp_path, capsys):
    config = tmp_path / "typo.yaml"
    config.write_text("launch: {name: typo, title: T, strategy: classic}\n"
                      "leads: {path: leads.csv, sepparator: ';'}\n", encoding="utf-8")
    assert cli.main(["validate", str(config)]) == 2
    assert "Unknown field 'leads.sepparator'" in capsys.readouterr().err


def test_validate_prints_quality_summary(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", "test-key")
    config = cli.Path(__file__).resolve().parents[1] / "data" / "launches" / "thin" / "launch.yaml"
    assert cli.main(["validate", str(config), "--output-dir", str(tmp_path)]) == 0
    assert (tmp_path / "thin-launch" / "rejects.csv").is_file()
    output = capsys.readouterr().out
    assert "== thin-launch: Thin launch, first days of capture" in output
    assert "Rows read" in output
    assert "rows_read" not in output
    assert "UTM source 1 (25.0 %)" in output
    assert "0 rejected rows." in output
    assert "@example.com" not in output


def test_unexpected_error_exits_one(monkeypatch, caplog):
    def broken(args):
        raise RuntimeError("boom")

    parser_and_handlers = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser",
                        lambda: (parser_and_handlers[0], {"validate": broken}))
    assert cli.main(["validate", "x.yaml"]) == 1
    assert "hotleads validate failed with an unexpected error" in caplog.text
    assert "RuntimeError: boom" in caplog.text


def test_validate_one_reject_readable(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOTLEADS_HASH_KEY", "test-key")
    thin = cli.Path(__file__).resolve().parents[1] / "data" / "launches" / "thin"
    (tmp_path / "leads.csv").write_text(
        (thin / "leads.csv").read_text(encoding="utf-8")
        + "not-an-email,2024-03-03 21:00:00,google,cpc,0.20\n", encoding="utf-8")
    config = tmp_path / "launch.yaml"
    config.write_text((thin / "launch.yaml").read_text(encoding="utf-8"), encoding="utf-8")

    assert cli.main(["validate", str(config), "--output-dir", str(tmp_path / "out")]) == 0
    output = capsys.readouterr().out
    assert "Rejected rows by reason: invalid e-mail address (1)." in output
    assert "1 rejected row." in output
    assert "invalid_email" not in output


def test_subcommand_help_lines_lowercase():
    parser, _handlers = cli.build_parser()
    subparsers = next(action for action in parser._actions
                      if isinstance(action, cli.argparse._SubParsersAction))

    for choice in subparsers._choices_actions:
        assert choice.help[0].islower(), choice.dest
        assert not choice.help.endswith("."), choice.dest
