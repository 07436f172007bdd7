"""Word boundaries in folded Chinese, so a trigger inside a longer word is no finding.

jieba's own dictionary (350,000 words) splits the reply into words; a phrase counts
only where it starts and ends on a word boundary: 我姓 is no self-introduction in
告诉我姓名 (我 | 姓名), 这里是 none in 这里是不是 (这里 | 是不是). The lexicon adds
words jieba does not know (`words:` in forbidden.yml, such as 什么时候 and 哪里哪里):
no boundary is drawn inside them. Words holding 您 or 你 are taken out of the dictionary
(感谢您, 为您服务): a pronoun is a word of its own for matching.

jieba is loaded lazily, once per process, without its HMM (which invents new words
from character statistics and would hide real triggers inside them). Its dictionary is
read straight from the package: jieba's usual cache file in the shared temporary folder
is neither read nor written, so nothing another user leaves there can change how a
reply is read, and nothing is printed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

MARKS = ",?!"


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    with warnings.catch_warnings():
        # older jieba releases import pkg_resources, which warns on new setuptools
        warnings.simplefilter("ignore")
        import jieba

    tokenizer = jieba.Tokenizer()
    with tokenizer.get_dict_file() as dictionary:
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(dictionary)
    # The dictionary glues polite pronouns onto phrases (感谢您, 谢谢你, 为您服务); a
    # reply's words are cut before 您 and 你 so that 感谢 is still a word there.
    for word in tokenizer.FREQ:
        if len(word) > 1 and ("您" in word or "你" in word):
            tokenizer.FREQ[word] = 0
    tokenizer.initialized = True
    return tokenizer


@lru_cache(maxsize=256)
def _clause_bounds(clause: str) -> frozenset[int]:
    bounds = {0, len(clause)}
    for _word, start, end in _tokenizer().tokenize(clause, HMM=False):
        bounds.update((start, end))
    return frozenset(bounds)


def boundaries(text: str, words: Iterable[str] = ()) -> frozenset[int]:
    """Offsets in folded Chinese `text` where a word starts or ends.

    Pause marks (`,?!`) are boundaries on both sides; no boundary falls strictly
    inside an occurrence of one of `words`.
    """
    bounds: set[int] = set()
    start = 0
    for i, ch in enumerate([*text, ","]):
        if ch in MARKS:
            if i > start:
                bounds.update(start + b for b in _clause_bounds(text[start:i]))
            bounds.update((i, i + 1))
            start = i + 1
    for word in words:
        at = text.find(word)
        while at >= 0:
            bounds.difference_update(range(at + 1, at + len(word)))
            at = text.find(word, at + 1)
    return frozenset(bounds)
