"""Give-aways: a key whose distinctive words another item repeats.

A reader who has never taken the course still has all the released papers. When a
key's own words come back in another item's stem or options (of any theory exam) and
its wrong options' words do not, "pick the option that sounds familiar" finds it.

Per language and per key option, the key's distinctive words are its content words
(`words.content_words`: jieba words of two characters or more, numbers, English
content words) that none of its item's wrong options uses and that are not common
across the papers (in more than COMMON_SHARE of all items, and more than COMMON_MIN:
业主, 前台, owner ...; a word two items share is never common by itself).
The key is given away by another item when that item holds at least GIVEAWAY_WORDS of
them and at least GIVEAWAY_SHARE of them, a larger share than any wrong option of
the same item gets from that other item. Variants of one slot never give each other
away: a trainee sees only one of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.core.i18n import LANGUAGES, Lang
from frontline.exams.itemcheck.bank import Item
from frontline.exams.itemcheck.words import content_words

COMMON_SHARE = 0.10
COMMON_MIN = 3
GIVEAWAY_WORDS = 3
GIVEAWAY_SHARE = 0.5


@dataclass(frozen=True)
class GiveAway:
    item: Item  # the item whose key is given away
    option: str  # the key option
    by: Item  # the item that gives it away
    lang: Lang
    shared: tuple[str, ...]
    distinctive: int

    @property
    def message(self) -> str:
        where = f"{self.by.path.parent.name}/questions.yml line {self.by.line}"
        return (f"the key '{self.option}' is given away by {self.by.name} ({where}): it "
                f"repeats {len(self.shared)} of the key's {self.distinctive} distinctive "
                f"words ({self.lang}: {', '.join(self.shared)}) and fewer of any wrong "
                "option's; reword one of the two")  # fmt: skip


def _words(item: Item, lang: Lang) -> frozenset[str]:
    texts = [item.prompt.get(lang)] + [c.text.get(lang) for c in (*item.options, *item.items)]
    return frozenset().union(*(content_words(t, lang) for t in texts))


def give_aways(items: Sequence[Item]) -> list[GiveAway]:
    found: list[GiveAway] = []
    for lang in LANGUAGES:
        words = {id(item): _words(item, lang) for item in items}
        frequency = Counter(w for ws in words.values() for w in ws)
        common = {w for w, n in frequency.items() if n > max(COMMON_MIN, COMMON_SHARE * len(items))}
        for item in items:
            if not item.keyed:
                continue
            own = {c.id: content_words(c.text.get(lang), lang) - common for c in item.options}
            distinct = {
                c.id: own[c.id].difference(*(own[o.id] for o in item.options if o.id != c.id))
                for c in item.options
            }
            for key in (c for c in item.options if c.key):
                mine = distinct[key.id]
                if len(mine) < GIVEAWAY_WORDS:
                    continue
                for other in items:
                    if (other.exam, other.slot) == (item.exam, item.slot):
                        continue
                    shared = mine & words[id(other)]
                    share = len(shared) / len(mine)
                    if len(shared) < GIVEAWAY_WORDS or share < GIVEAWAY_SHARE:
                        continue
                    rivals = [len(distinct[c.id] & words[id(other)]) / len(distinct[c.id])
                              for c in item.options if not c.key and distinct[c.id]]
                    if all(r < share for r in rivals):
                        found.append(GiveAway(item, key.id, other, lang,
                                              tuple(sorted(shared)), len(mine)))  # fmt: skip
    return found
