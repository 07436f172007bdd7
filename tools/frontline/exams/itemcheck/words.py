"""Words as the item-writing check reads them.

Chinese is cut into dictionary words by jieba (`frontline.roleplay.segment`), so
所有 in 所有权 is no absolute word and 业主 shares nothing with 主管; English is
lower-cased words. Single Chinese characters and English function words carry no
cue and are dropped from the content words a give-away is measured on.
"""

from __future__ import annotations

import re

from frontline.core.i18n import Lang

# Absolute words: test-wise readers strike out options that use them. One list for
# theory items and role-play choices. English "all", "every" and "nothing" are left
# out: in a spoken reply they are ordinary quantifiers ("that's all on the form"), not
# the sweeping claim that marks a distractor; their Chinese counterparts (所有, 一切,
# 全部) are kept, being written words that rarely come up in plain speech.
ABSOLUTE_WORDS: dict[Lang, frozenset[str]] = {
    "zh": frozenset({
        "总是", "从不", "从来", "所有", "一律", "绝不", "绝对", "一定", "肯定", "永远",
        "保证", "百分之百", "任何", "全部", "一切", "完全", "决不", "务必",
    }),
    "en": frozenset({
        "always", "never", "none", "definitely", "guarantee", "guaranteed", "certainly",
        "absolutely", "whatsoever",
    }),
}  # fmt: skip
_EN_STOP = frozenset([
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from",
    "with", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that",
    "these", "those", "you", "your", "yours", "he", "him", "his", "she", "her", "they",
    "them", "their", "we", "our", "us", "i", "me", "my", "what", "which", "who", "whom",
    "how", "when", "where", "why", "not", "no", "do", "does", "did", "should", "must",
    "can", "could", "may", "might", "will", "would", "shall", "has", "have", "had", "if",
    "then", "than", "so", "out", "up", "into", "over", "about", "there", "here", "any",
    "one", "all", "each", "own", "just", "only", "also", "very", "that's", "it's", "don't"
])  # fmt: skip
_EN_WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_ZH_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def tokens(text: str, lang: Lang) -> list[str]:
    """Every word of `text` (punctuation dropped), in order."""
    if lang == "en":
        return _EN_WORD.findall(text.casefold())
    # Imported here: the role-play loader imports the shape rules, and this module must
    # not pull the role-play package in while that package is still loading.
    from frontline.roleplay.segment import words as zh_words

    # Numbers first: jieba would cut 1.5 into 1 and 5.
    numbers = _ZH_NUMBER.findall(text)
    rest = _ZH_NUMBER.sub(" ", text)
    return numbers + [w for w in zh_words(rest) if re.search(r"\w", w)]


def content_words(text: str, lang: Lang) -> frozenset[str]:
    """The words that can carry a cue: Chinese words of two characters or more and
    numbers; English words of three letters or more that are not function words."""
    found = tokens(text, lang)
    if lang == "en":
        return frozenset(w for w in found
                         if (len(w) > 2 and w not in _EN_STOP) or _NUMBER.match(w))  # fmt: skip
    return frozenset(w for w in found if len(w) > 1 or _NUMBER.match(w))


def absolute_words(text: str, lang: Lang) -> frozenset[str]:
    return ABSOLUTE_WORDS[lang].intersection(tokens(text, lang))
