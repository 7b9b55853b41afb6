"""Measured numbers in README.md and docs/*.md, filled in from the files that hold them.

A number in a page's prose or in a table that is not generated as a whole is wrapped in an
inline marker, invisible on GitHub::

    reaches <!--m:cascade.advised.test_accuracy-->0.838<!--/m-->, LoRA's accuracy

``cascade.advised.test_accuracy`` is a *key*: :mod:`docgen.registry` maps each key pattern to the
file the value comes from (a JSON written by the script that measured it), how to get the value
out, and how to write it. ``python scripts/gen_docs.py`` rewrites the text between the tags from
the sources (and the generated tables and docs/models.md with it); ``--check`` exits 1 when a
page differs. :mod:`docgen.lint` finds measured-looking numbers typed outside any marker.

Modules: ``formats`` (how values are written), ``sources`` (reading the result files),
``registry`` (the keys) with ``numbers_*`` (the keys of each area), ``markers`` (finding and
rewriting markers in a page), ``lint`` (untagged numbers and their allow-list), ``pages``
(every generated part of every page, for scripts/gen_docs.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

_SCRIPTS = Path(__file__).resolve().parents[1]
for _path in (_SCRIPTS, _SCRIPTS.parent):  # gen_readme_tables, and the taskzoo checkout
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
