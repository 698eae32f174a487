import pytest

from app.cli import build_parser, main


def test_help_lists_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "subcommands" in out


def test_every_command_has_a_help_text() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        assert command.description, name


def test_check_catalogue_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "check-catalogue" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "demo"), [([], False), (["--demo"], True)])
def test_no_subcommand_opens_the_window_demo_only_on_request(
        monkeypatch: pytest.MonkeyPatch, argv: list[str], demo: bool) -> None:
    calls: list[bool] = []

    def run_gui(argv: list[str] | None = None, demo: bool = False) -> int:
        calls.append(demo)
        return 0

    monkeypatch.setattr("app.gui.run_gui", run_gui)
    assert main(argv) == 0
    assert calls == [demo]
