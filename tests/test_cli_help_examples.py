"""Every example in every subcommand's ``--help`` parses, names real tasks and models, and the
ones that finish in seconds really run (in a scratch folder holding the files they name)."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest

from taskzoo.cli import build_parser, main
from taskzoo.registry import REGISTRY

#: examples that start servers, train LoRA, evaluate every task, use Ray or fetch every model:
#: parsed and name-checked only (their code paths have their own tests)
HEAVY = ("serve", "--method lora", "--method head", "eval ", "bench ", "--engine ray",
         "--workers", "--address", "download ", "batch ", "doctor --task ocr --fetch",
         "run ocr", "run asr", "train ner", "run ner", "export-onnx")


def examples() -> list[tuple[str, str]]:
    """``(subcommand, example line)`` for every ``taskzoo ...`` line of every epilog."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    out = []
    for name, subparser in sub.choices.items():  # type: ignore[union-attr]
        text = (subparser.epilog or "").replace("\\\n", " ")
        for line in text.splitlines():
            line = line.split("  #")[0].strip()
            if "taskzoo " in line and not line.startswith("curl"):
                out.append((name, line[line.index("taskzoo "):]))
    return out


def argv_of(line: str) -> tuple[list[str], str | None]:
    """The arguments after ``taskzoo`` and the file redirected to stdin, if any."""
    words = shlex.split(line)[1:]
    stdin = None
    if "<" in words:
        stdin = words[words.index("<") + 1]
        words = words[:words.index("<")]
    return words, stdin


def check_names(args: Any) -> None:
    """The task and model names an example uses exist (or are the folders examples create)."""
    task = getattr(args, "task", None)
    if isinstance(task, str) and task != "all":
        REGISTRY.task(task)
        models = getattr(args, "models", None) or []
        if isinstance(models, str):
            models = models.split(",")
        for model in (getattr(args, "model", None), *models):
            if isinstance(model, str) and model and not model.endswith("-model"):
                REGISTRY.resolve(task, model)
    if args.command == "info":
        from taskzoo.cli.list import find_card

        find_card(args.model)


def test_there_are_examples() -> None:
    names = {name for name, _ in examples()}
    assert len(examples()) >= 25 and {"run", "train", "eval", "list", "info"} <= names


@pytest.mark.parametrize("command,line", examples(), ids=lambda v: v if " " in v else None)
def test_every_help_example_parses_and_names_real_things(command: str, line: str) -> None:
    argv, _ = argv_of(line)
    check_names(build_parser().parse_args(argv))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every file the light examples name."""
    from serve_support import ROOT

    folder = tmp_path_factory.mktemp("help-examples")
    (folder / "reviews").mkdir()
    (folder / "reviews" / "a.txt").write_text("A wonderful, moving film.")
    (folder / "reviews" / "b.txt").write_text("Dull, lifeless and far too long.")
    (folder / "texts.txt").write_text("Tim Cook visited Paris in May\nAngela Merkel spoke\n")
    (folder / "messages.jsonl").write_text(json.dumps({"text": "WIN a FREE cruise now"}) + "\n")
    (folder / "reviews.csv").write_text('review\n"a wonderful film"\n"a dull mess"\n')
    shutil.copy(ROOT / "tests" / "data" / "classify" / "sms_sample.jsonl", folder / "s.jsonl")
    rows = [json.loads(x) for x in (folder / "s.jsonl").read_text().splitlines()]
    with open(folder / "tickets.csv", "w", encoding="utf-8") as handle:
        import csv

        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows((r["text"], r["label"]) for r in rows)
    return folder


LIGHT = [(c, line) for c, line in examples() if not any(h in line for h in HEAVY)]


@pytest.mark.parametrize("command,line", LIGHT, ids=lambda v: v if " " in v else None)
def test_light_help_examples_run(command: str, line: str, scratch: Path,
                                 monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    import io
    import sys

    monkeypatch.chdir(scratch)
    argv, stdin = argv_of(line)
    if "reviews/*.txt" in argv:  # the shell expands the glob in place
        at = argv.index("reviews/*.txt")
        argv[at:at + 1] = sorted(str(p.relative_to(scratch))
                                 for p in (scratch / "reviews").glob("*.txt"))
    if "-" in argv and stdin is None:  # `cat texts.txt | taskzoo run ner -`
        stdin = "texts.txt"
    if stdin:
        monkeypatch.setattr(sys, "stdin", io.StringIO((scratch / stdin).read_text()))
    if argv[0] == "train":
        shutil.rmtree(scratch / argv[argv.index("--output") + 1], ignore_errors=True)
    if argv[0] == "run" and "ticket-model" in argv and not (scratch / "ticket-model").exists():
        assert main(["train", "text-classification", "tickets.csv", "--output",
                     "ticket-model", "--quiet"]) == 0
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() and "Traceback" not in err
