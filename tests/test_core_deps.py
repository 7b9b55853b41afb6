"""taskzoo.deps: is a library installed (asked without importing it); refusals name the pip line."""

from __future__ import annotations

import sys

import pytest

from taskzoo.deps import is_installed, missing, require
from taskzoo.errors import MissingDependencyError
from taskzoo.registry import REGISTRY


def test_installed_modules_are_found_without_being_imported() -> None:
    assert is_installed("json")
    assert is_installed("taskzoo.deps")
    assert "antigravity" not in sys.modules
    assert is_installed("antigravity")
    assert "antigravity" not in sys.modules  # asked, not imported (importing it opens a browser)


@pytest.mark.parametrize("name", ["no_such_module_7f3a", "json.no_such_child", "json.decoder.x"])
def test_absent_or_odd_names_count_as_not_installed(name: str) -> None:
    assert not is_installed(name)


def test_missing_keeps_order_and_require_names_every_absent_module() -> None:
    assert missing(["zz_absent_b", "json", "zz_absent_a"]) == ["zz_absent_b", "zz_absent_a"]
    require(["json", "os"], "train", "anything")  # all present: no error
    with pytest.raises(MissingDependencyError) as info:
        require(["json", "zz_absent_a", "zz_absent_b"], "train", "training with method='lora'")
    message = str(info.value)
    assert message.startswith("training with method='lora': that needs zz_absent_a, zz_absent_b")
    assert message.endswith('pip install "taskzoo[train]"')


def test_a_card_knows_whether_its_libraries_are_here() -> None:
    card = REGISTRY.task("langid").default
    assert card.installed() == (card.missing_modules() == [])
    absent = card.__class__(**{**card.__dict__, "requires": ("zz_absent_a", "json")})
    assert absent.missing_modules() == ["zz_absent_a"]
    assert not absent.installed()
