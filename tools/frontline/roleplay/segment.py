"""Word boundaries in folded Chinese, so a trigger inside a longer word is no finding.

jieba's own dictionary (350,000 words, with frequencies) says how a clause is most
likely read; a phrase counts only where breaking the clause at its two edges is
nearly as likely: 我姓 is no self-introduction in 告诉我姓名 (我 | 姓名), 这里是 none
in 这里是不是 (这里 | 是不是). Comparing likelihoods rather than demanding jieba's
single best split keeps matches that its best split only narrowly misses (明天一早 in
明天一早就, where the dictionary has 早就). The lexicon adds words jieba does not know
(`words:` in forbidden.yml, such as 什么时候 and 哪里哪里): no match may cut them.
Words holding 您 or 你 are taken out of the dictionary (感谢您, 为您服务): a pronoun
is a word of its own for matching.

jieba is loaded lazily, once per process; its HMM (which invents new words from
character statistics and would hide real triggers inside them) is never used. Its dictionary is
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
# How much less likely (natural log) the reading with breaks at a match's edges may be
# than the best reading of its clause: a factor of about 7.
MAX_COST = 2.0


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


@lru_cache(maxsize=4096)
def _best(text: str) -> float:
    """Log-probability of the most likely reading of `text` as dictionary words."""
    if not text:
        return 0.0
    tokenizer = _tokenizer()
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(text, tokenizer.get_DAG(text), route)
    return route[0][0]


def cuts_word(text: str, start: int, end: int, words: Iterable[str] = ()) -> bool:
    """Whether the span [start, end) of folded Chinese `text` cuts through a word.

    It does when an edge falls strictly inside one of `words`, or when reading the
    clause with word breaks at both edges is much less likely (by more than
    `MAX_COST`, a log-probability) than its best reading: 我姓 in 告诉我姓名 costs 6.4
    (我 | 姓名 is the reading), 明天一早 in 明天一早就 costs 1.2 (the dictionary's 早就
    is barely likelier) and counts.
    """
    for word in words:
        at = text.find(word)
        while at >= 0:
            if at < start < at + len(word) or at < end < at + len(word):
                return True
            at = text.find(word, at + 1)
    left = max((text.rfind(m, 0, start) for m in MARKS), default=-1) + 1
    ends = [i for m in MARKS if (i := text.find(m, end)) >= 0]
    right = min(ends, default=len(text))
    clause = text[left:right]
    a, b = start - left, end - left
    forced = _best(clause[:a]) + _best(clause[a:b]) + _best(clause[b:])
    return _best(clause) - forced > MAX_COST


def words(text: str) -> list[str]:
    """`text` cut into dictionary words (jieba's most likely reading, no HMM): what the
    item-writing check compares, so 所有 in 所有权 or 业主 in 业主委员会 is no match."""
    return [w for w in _tokenizer().cut(text, HMM=False) if w.strip()]
