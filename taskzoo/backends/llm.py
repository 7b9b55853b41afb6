"""The LLM baseline: a small chat model (SmolLM2-135M-Instruct, Q4 GGUF) run by transformers.

The GGUF file is de-quantised to float32 by transformers (``gguf_file=``, needs the ``gguf``
package). One :class:`ChatModel` per weights file is shared by every pipeline in the process
(sentiment, spam, langid, ner and the loopback test server), so the 135M model sits in memory once.
Decoding is greedy (deterministic); batches are left-padded.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from taskzoo.backends.llm_tasks import ChatTaskBackend, Message, Reply
from taskzoo.errors import ModelLoadError
from taskzoo.sharing import shared


class ChatModel:
    """A causal LM with a chat template, generating greedily for a batch of conversations."""

    def __init__(self, path: Path, threads: int | None = None) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        folder, name = str(path.parent), path.name
        self.tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name,
                                                          dtype=torch.float32)
        self.model.eval()
        self._torch = torch
        self._lock = threading.Lock()  # generate() is not re-entrant on one model

    def _encode(self, conversations: list[list[Message]]) -> Any:
        """Chat-templated prompts as one left-padded tensor batch."""
        prompts = [self.tokenizer.apply_chat_template(c, add_generation_prompt=True,
                                                      tokenize=False) for c in conversations]
        return self.tokenizer(prompts, return_tensors="pt", padding=True,
                              add_special_tokens=False)

    def choice_probs(self, conversations: list[list[Message]],
                     choices: list[str]) -> list[list[float]] | None:
        """For each conversation, the probability of each choice's first token as the reply,
        renormalised over the choices (one forward pass, no decoding).

        None when two choices share their first token (use :meth:`generate`).
        """
        firsts = [self.tokenizer.encode(c, add_special_tokens=False)[0] for c in choices]
        if len(set(firsts)) < len(firsts):
            return None
        if not conversations:
            return []
        torch = self._torch
        batch = self._encode(conversations)
        with self._lock, torch.inference_mode():
            logits = self.model(**batch, logits_to_keep=1).logits[:, -1, :]
        probs: list[list[float]] = torch.softmax(logits[:, firsts].float(), dim=-1).tolist()
        return probs

    def choose(self, conversations: list[list[Message]], choices: list[str],
               bias: Sequence[float] | None = None) -> list[Reply] | None:
        """For each conversation, the choice whose first token is likeliest as the reply.

        ``score`` is that choice's probability renormalised over the choices, ``scores`` every
        choice's. ``bias`` (one log-probability offset per choice) is added before the argmax
        and the renormalisation: a prior correction fitted on validation data. None when two
        choices share their first token (use :meth:`generate`).
        """
        probs = self.choice_probs(conversations, choices)
        if probs is None:
            return None
        return [_reply(choices, row, bias) for row in probs]

    def generate(self, conversations: list[list[Message]], max_new_tokens: int) -> list[Reply]:
        """Greedy replies, one per conversation; ``score`` = probability of the first token."""
        if not conversations:
            return []
        torch = self._torch
        batch = self._encode(conversations)
        with self._lock, torch.inference_mode():
            out = self.model.generate(
                **batch, max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                pad_token_id=self.tokenizer.pad_token_id, return_dict_in_generate=True,
                output_scores=True, temperature=None, top_p=None, top_k=None,
            )
        new = out.sequences[:, batch["input_ids"].shape[1]:]
        first = torch.softmax(out.scores[0].float(), dim=-1)
        texts = self.tokenizer.batch_decode(new, skip_special_tokens=True)
        return [Reply(text.strip(), float(first[i, new[i, 0]]))
                for i, text in enumerate(texts)]


def _reply(choices: list[str], probs: list[float], bias: Sequence[float] | None) -> Reply:
    """The likeliest choice of one row of :meth:`ChatModel.choice_probs`, after ``bias``."""
    if bias is not None:
        if len(bias) != len(choices):
            raise ModelLoadError(f"answer_bias needs one value per answer {choices}, "
                                 f"got {list(bias)}")
        weighted = [p * math.exp(b) for p, b in zip(probs, bias, strict=True)]
        total = sum(weighted) or 1.0
        probs = [w / total for w in weighted]
    best = max(range(len(choices)), key=lambda k: probs[k])
    return Reply(choices[best], float(probs[best]), dict(zip(choices, probs, strict=True)))


def chat_model(path: Path, threads: int | None = None) -> ChatModel:
    """The process-wide :class:`ChatModel` for the weights at ``path`` (loaded once)."""
    return shared(("taskzoo.llm", str(path)), lambda: ChatModel(path, threads))


class SmolLMTask(ChatTaskBackend):
    """A task (sentiment, spam, langid, ner) answered by a local GGUF chat model.

    Card options: ``shots`` and ``prompt_task`` (see :class:`ChatTaskBackend`), ``threads``
    (torch intra-op threads; default torch's own), ``constrained`` (default True: for
    classification, pick the label whose first token the model finds likeliest, in one forward
    pass, instead of generating free text; language id and NER always generate),
    ``answer_bias`` (constrained classification only: ``{label: log-offset}`` added to the
    labels' log-probabilities before the argmax, a prior correction chosen on validation data;
    labels not named get 0).
    """

    def load_model(self) -> None:
        self.model = chat_model(self.weights_path(), self.options.get("threads"))
        bias = self.options.get("answer_bias") or {}
        unknown = sorted(set(bias) - set(self.labels))
        if unknown:
            raise ModelLoadError(f"answer_bias names {unknown}, not labels of this model "
                                 f"({', '.join(self.labels)})")
        self.bias = ([float(bias.get(label, 0.0)) for label in self.labels] if bias else None)

    def chat(self, conversations: list[list[Message]], max_new_tokens: int,
             choices: list[str] | None = None) -> list[Reply]:
        if choices and self.options.get("constrained", True):
            chosen = self.model.choose(conversations, choices, self.bias)
            if chosen is not None:
                return chosen
        return self.model.generate(conversations, max_new_tokens)

    @classmethod
    def accepts(cls, path: Path) -> bool:
        return path.is_file() and path.suffix == ".gguf"

    def describe(self) -> dict[str, Any]:
        """What runs behind this pipeline (for reports)."""
        return {"weights": str(self.weights_path()), "prompt": self.prompt.kind}
