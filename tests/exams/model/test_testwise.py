"""Guards against theory items that a test-wise reader passes without the course.

Simulated examinees read only what trainees get, the released `questions.yml` of the
four theory exams, and answer by a cue instead of knowledge: the longest option, the
shortest, the most professional-sounding, the option whose words other items repeat
(a give-away across papers), the first or the middle option. Each is scored with the
trainer files' keys and the kinds' scoring rules; none may reach 60% of an exam's
objective points, in either language, while the keys themselves earn 100%. Exams with
pooled questions are read variant by variant: paper k takes the k-th variant of every
pooled question (`variants[k % n]` of a pool of n) and each guard holds on every paper,
so every variant is examined without building every combination.

These are guards, not the measure of validity: reviewers keep their own untrained
examinee. The file also checks the Chinese punctuation of exam texts and that the
course glossary's terms keep one English rendering.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.glossary import Term, load_glossary
from frontline.core.zh_style import HALF_WIDTH_NEXT_TO_HAN
from frontline.exams.grading import (
    matching_points,
    multiple_choice_points,
    ordering_points,
    single_choice_points,
)
from frontline.exams.model.questions import Option, Question, QuestionBank, load_questions
from frontline.exams.model.trainer_file import KeyedItem, TrainerFile, load_trainer_file
from frontline.roleplay import load_lexicon
from frontline.roleplay.replies import analyse

EXAMS_DIR = REPO_ROOT / "exams"
THEORY_EXAMS = ("etiquette-theory", "communication-theory", "complaints-theory", "final-exam")
LANGS = ("zh", "en")
PASS_SHARE = 0.6

Answer = str | tuple[str, ...] | dict[str, str]
# How a strategy rates one text (higher: more likely picked), given the question it is in.
Rating = Callable[[str, Question, str], float]


@cache
def bank(exam: str) -> QuestionBank:
    return load_questions(EXAMS_DIR / "source" / exam / "questions.yml")


@cache
def trainer(exam: str) -> TrainerFile:
    return load_trainer_file(EXAMS_DIR / "trainer" / f"{exam}.yml", bank(exam))


def papers(exam: str) -> list[tuple[Question, ...]]:
    return papers_of(bank(exam))


def papers_of(questions: QuestionBank) -> list[tuple[Question, ...]]:
    """Paper k: the k-th variant of every question (a flat question is on every paper)."""
    size = max(len(questions.variants(q.id)) for q in questions.questions)
    return [
        tuple(
            questions.variants(q.id)[k % len(questions.variants(q.id))]
            for q in questions.questions
        )
        for k in range(size)
    ]


def all_papers() -> list[tuple[str, int]]:
    return [(exam, k) for exam in THEORY_EXAMS for k in range(len(papers(exam)))]


def keyed_item(exam: str, question: Question) -> KeyedItem:
    return trainer(exam).keyed(question.id, question.variant)


def text(option: Option, lang: str) -> str:
    return str(getattr(option.text, lang))


# --- what the readers see --------------------------------------------------------------

_STOP = frozenset(
    [
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "is", "are", "be", "it",
        "you", "your", "they", "them", "their", "this", "that", "with", "what", "which", "who",
        "how", "when", "at", "by", "as", "from", "not", "no", "do", "does", "should", "must",
        "can", "may", "will", "was", "has", "have", "out", "all", "any", "one"
    ]
)  # fmt: skip


def tokens(value: str, lang: str) -> frozenset[str]:
    """Chinese: character bigrams of Han characters and digits; English: content words."""
    if lang == "en":
        return frozenset(w for w in re.findall(r"[a-z0-9]+", value.lower())
                         if len(w) > 2 and w not in _STOP)  # fmt: skip
    runs = re.findall(r"[\u3400-\u9fff0-9.]+", value)
    return frozenset(run[i : i + 2] for run in runs for i in range(len(run) - 1))


def question_texts(question: Question, lang: str) -> list[str]:
    parts = [str(getattr(question.prompt, lang))]
    parts += [text(o, lang) for o in (*question.options, *question.items)]
    return parts


@cache
def pool_without(exam: str, question_id: str, lang: str) -> frozenset[str]:
    """Every token of the four released papers (every variant of every question) except
    those of one question (all its variants)."""
    found: set[str] = set()
    for other in THEORY_EXAMS:
        for question in bank(other).all_variants():
            if (other, question.id) != (exam, question_id):
                for part in question_texts(question, lang):
                    found |= tokens(part, lang)
    return frozenset(found)


_POLITE = re.compile(r"您|请|谢谢|感谢|抱歉|对不起|麻烦|please|sorry|thank|kindly|apolog", re.I)


@cache
def _lexicon():  # type: ignore[no-untyped-def]
    return load_lexicon()


def professional(value: str, lang: str) -> float:
    """How professional a text sounds to a reader without the course: polite markers
    and phrases, minus anything the reply analysis flags as forbidden."""
    found = analyse(value, _lexicon(), lang=lang, opening=False)  # type: ignore[arg-type]
    return len(_POLITE.findall(value)) + len(found.polite) + len(found.moves) - 3 * len(
        found.forbidden
    )


# --- strategies: a rating per text, turned into an answer per kind -----------------------


def pick(options: Sequence[Option], rate: Callable[[Option], float]) -> list[Option]:
    """Options from the most to the least likely, ties in the listed order."""
    return sorted(options, key=lambda o: -rate(o))


def answer_by(question: Question, lang: str, rate: Callable[[Option], float]) -> Answer:
    if question.kind == "single":
        return pick(question.options, rate)[0].id
    if question.kind == "multiple":
        half = math.ceil(len(question.options) / 2)
        return tuple(o.id for o in pick(question.options, rate)[:half])
    if question.kind == "ordering":
        return tuple(o.id for o in pick(question.items, rate))
    # matching: pair the items and the options by their rank
    items = pick(question.items, rate)
    options = pick(question.options, rate)
    return {item.id: options[i % len(options)].id for i, item in enumerate(items)}


def longest(question: Question, lang: str, exam: str) -> Answer:
    return answer_by(question, lang, lambda o: len(text(o, lang)))


def shortest(question: Question, lang: str, exam: str) -> Answer:
    return answer_by(question, lang, lambda o: -len(text(o, lang)))


# A stem that asks for what is wrong ("which is a forbidden phrase?") turns the cue round.
_NEGATIVE = re.compile(
    r"忌语|不允许|不能|不可以|不应|错误|不符合|forbidden|not allowed|never|wrong|must not"
)


def most_professional(question: Question, lang: str, exam: str) -> Answer:
    """Options sorted into "sounds professional" and "sounds bad": the former are ticked
    (all those above the options' mean), or the latter when the stem asks for what is wrong."""
    sign = -1 if _NEGATIVE.search(str(getattr(question.prompt, lang))) else 1
    rating = {o.id: sign * professional(text(o, lang), lang)
              for o in (*question.options, *question.items)}  # fmt: skip
    if question.kind != "multiple":
        return answer_by(question, lang, lambda o: rating[o.id])
    mean = sum(rating[o.id] for o in question.options) / len(question.options)
    ticked = tuple(o.id for o in question.options if rating[o.id] > mean)
    return ticked or (pick(question.options, lambda o: rating[o.id])[0].id,)


def give_away(question: Question, lang: str, exam: str) -> Answer:
    """The option most of whose words other items (of any paper) also use; a matching
    item takes the option sharing most words with it, or else with the other papers."""
    pool = pool_without(exam, question.id, lang)

    def share(option: Option) -> float:
        own = tokens(text(option, lang), lang)
        return len(own & pool) / len(own) if own else 0.0

    if question.kind != "matching":
        return answer_by(question, lang, share)
    answer = {}
    for item in question.items:
        mine = tokens(text(item, lang), lang)
        best = pick(
            question.options,
            lambda o, mine=mine: len(tokens(text(o, lang), lang) & mine) + share(o),
        )
        answer[item.id] = best[0].id
    return answer


_FINAL = re.compile(r"[。？！.?!]\W*$")


def first(question: Question, lang: str, exam: str) -> Answer:
    """The first option(s) as listed; an ordering as listed, sentence-ending pieces last."""
    if question.kind == "ordering":
        ends = [bool(_FINAL.search(text(item, lang))) for item in question.items]
        pairs = sorted(zip(ends, question.items, strict=True), key=lambda p: p[0])
        return tuple(item.id for _, item in pairs)
    position = {o.id: i for i, o in enumerate((*question.options, *question.items))}
    return answer_by(question, lang, lambda o: -position[o.id])


def middle(question: Question, lang: str, exam: str) -> Answer:
    """The option(s) in the middle of the list (matching: the middle option for all)."""
    listed = question.items if question.kind == "ordering" else question.options
    centre = (len(listed) - 1) / 2
    distance = {o.id: abs(i - centre) for i, o in enumerate(listed)}
    if question.kind == "matching":
        chosen = min(question.options, key=lambda o: distance[o.id]).id
        return {item.id: chosen for item in question.items}
    if question.kind == "ordering":
        return tuple(reversed([o.id for o in listed]))
    return answer_by(question, lang, lambda o: -distance[o.id])


STRATEGIES: dict[str, Callable[[Question, str, str], Answer]] = {
    "longest": longest,
    "shortest": shortest,
    "professional": most_professional,
    "give-away": give_away,
    "first": first,
    "middle": middle,
}


# --- scoring --------------------------------------------------------------------------


def points(item: KeyedItem, answer: Answer) -> float:
    key = item.key
    if item.kind == "single":
        assert isinstance(answer, str) and isinstance(key, str)
        return single_choice_points(frozenset({answer}), key, item.points)
    if item.kind == "multiple":
        return multiple_choice_points(frozenset(answer), frozenset(key), item.points)
    if item.kind == "ordering":
        assert isinstance(answer, tuple)
        return ordering_points(answer, key, item.points)  # type: ignore[arg-type]
    assert isinstance(answer, dict)
    return matching_points(answer, dict(key), item.points)  # type: ignore[arg-type]


def share_of_points(
    exam: str, answer_of: Callable[[Question], Answer], paper: int = 0
) -> float:
    """The share of the objective points earned on one paper (its variants' keys)."""
    questions = papers(exam)[paper]
    earned = sum(points(keyed_item(exam, q), answer_of(q)) for q in questions)
    return earned / sum(keyed_item(exam, q).points for q in questions)


def perfect(item: KeyedItem) -> Answer:
    return dict(item.key) if item.kind == "matching" else item.key  # type: ignore[return-value]


def scores() -> dict[tuple[str, str, str], float]:
    """(strategy, language, exam) -> share of the objective points earned, on the paper
    where the strategy does best."""
    return {
        (name, lang, exam): max(
            share_of_points(exam, lambda q, s=strategy, lg=lang, e=exam: s(q, lg, e), k)
            for k in range(len(papers(exam)))
        )
        for name, strategy in STRATEGIES.items()
        for lang in LANGS
        for exam in THEORY_EXAMS
    }


# --- the guards -----------------------------------------------------------------------


@pytest.mark.parametrize(("exam", "paper"), all_papers())
def test_a_trained_examinee_earns_every_point(exam: str, paper: int) -> None:
    share = share_of_points(exam, lambda q: perfect(keyed_item(exam, q)), paper)
    assert share == pytest.approx(1.0)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_a_test_wise_reader_without_the_course_fails_every_exam(name: str, lang: str) -> None:
    strategy = STRATEGIES[name]
    earned = {
        (exam, paper): share_of_points(exam, lambda q, e=exam: strategy(q, lang, e), paper)
        for exam, paper in all_papers()
    }
    passed = {
        f"{exam} paper {paper + 1}": f"{share:.0%}"
        for (exam, paper), share in earned.items()
        if share >= PASS_SHARE
    }
    assert not passed, f"the {name!r} reader ({lang}) reaches {PASS_SHARE:.0%} on {passed}"


def test_the_papers_hold_every_variant_once_per_pool_and_one_per_question() -> None:
    for exam in THEORY_EXAMS:
        questions = bank(exam)
        for paper in papers(exam):
            assert [q.id for q in paper] == [q.id for q in questions.questions]
        for question in questions.questions:
            on_papers = {paper[questions.number(question.id) - 1] for paper in papers(exam)}
            assert on_papers == set(questions.variants(question.id)), (exam, question.id)


def test_a_pooled_exam_is_read_as_one_paper_per_variant() -> None:
    from tests.exams.pools import pooled_data

    questions, _ = pooled_data()
    read = [[(q.id, q.variant) for q in paper] for paper in papers_of(questions)]
    assert read == [
        [("q01", "v1"), ("q02", "v1"), ("q03", "v1"), ("q04", "v1")],
        [("q01", "v2"), ("q02", "v2"), ("q03", "v1"), ("q04", "v2")],
        [("q01", "v3"), ("q02", "v1"), ("q03", "v1"), ("q04", "v1")],
    ]


def test_the_strategies_answer_every_kind_in_its_own_shape() -> None:
    for exam in THEORY_EXAMS:
        for question in bank(exam).all_variants():
            for strategy in STRATEGIES.values():
                answer = strategy(question, "zh", exam)
                if question.kind == "single":
                    assert answer in question.option_ids
                elif question.kind == "matching":
                    assert isinstance(answer, dict) and set(answer) == set(question.item_ids)
                else:
                    assert isinstance(answer, tuple) and set(answer) <= {
                        *question.option_ids, *question.item_ids}


# --- Chinese punctuation and the glossary ------------------------------------------------



def zh_texts(exam: str) -> list[tuple[str, str]]:
    """(where, text) of every Chinese text of an exam's questions.yml and trainer file."""
    found = []
    questions = bank(exam)
    found.append(("title", questions.title.zh))
    for question in questions.all_variants():
        found += [(question.id, part) for part in question_texts(question, "zh")]
    keyed = trainer(exam)
    for item_id in keyed.items:
        for item in keyed.variants(item_id):
            found.append((f"{item_id} {item.variant} explain", item.explanation.zh))
    for written in keyed.written:
        found += [
            (written.id, written.prompt.zh),
            (f"{written.id} explain", written.explanation.zh),
        ]
        found += [
            (f"{written.id} guide", line.split(" / ")[0]) for line in written.guide.splitlines()
        ]
    return found


@pytest.mark.parametrize("exam", THEORY_EXAMS)
def test_chinese_exam_text_uses_full_width_punctuation(exam: str) -> None:
    wrong = [f"{where}: {value!r}" for where, value in zh_texts(exam)
             if HALF_WIDTH_NEXT_TO_HAN.search(value)]  # fmt: skip
    assert not wrong, "half-width punctuation next to Chinese text:\n" + "\n".join(wrong)


@pytest.mark.parametrize("exam", THEORY_EXAMS)
def test_brackets_and_quotes_match_in_chinese_exam_text(exam: str) -> None:
    for where, value in zh_texts(exam):
        assert value.count("（") == value.count("）"), where
        assert value.count("“") == value.count("”"), where


def glossary() -> tuple[Term, ...]:
    return load_glossary()


def test_the_glossary_has_the_course_terms() -> None:
    terms = {entry.zh for entry in glossary()}
    needed = {"首问负责制", "一次性告知", "服务忌语", "文明用语", "五勤", "脑勤", "眼勤", "嘴勤",
              "手勤", "脚勤", "有本事你去告", "投诉", "回访", "业主", "客户", "换位思考",
              "1.5 米", "投诉处理七步"}  # fmt: skip
    assert needed <= terms
    for entry in glossary():
        assert entry.zh.strip() and entry.en.strip(), entry
        assert entry.definition.zh.strip() and entry.definition.en.strip(), entry


def bilingual_units(exam: str) -> list[tuple[str, str, str]]:
    """(where, zh, en) of each item with its explanation, and of each written answer."""
    units = []
    keyed = trainer(exam)
    for question in bank(exam).all_variants():
        explanation = keyed.keyed(question.id, question.variant).explanation
        zh = " ".join([*question_texts(question, "zh"), explanation.zh])
        en = " ".join([*question_texts(question, "en"), explanation.en])
        units.append((f"{question.id} {question.variant}", zh, en))
    for written in keyed.written:
        zh = written.prompt.zh + " " + written.explanation.zh
        units.append((written.id, zh, written.prompt.en + " " + written.explanation.en))
    return units


@pytest.mark.parametrize("exam", THEORY_EXAMS)
def test_glossary_terms_keep_their_english_rendering(exam: str) -> None:
    missing = []
    for where, zh, en in bilingual_units(exam):
        for term in glossary():  # every term, fixed or not: exams use the glossary's words
            if not term.rendered_in(zh, en):
                missing.append(f"{where}: {term.zh} is rendered {term.en!r} in the glossary")
    assert not missing, "\n".join(missing)


def report() -> str:
    """The strategies' shares as a table (for a reviewer:
    python -c 'import ...; print(report())')."""
    table = scores()
    lines = [f"{'strategy':14}{'lang':6}" + "".join(f"{e:>22}" for e in THEORY_EXAMS)]
    for name in STRATEGIES:
        for lang in LANGS:
            row = "".join(f"{table[(name, lang, e)]:>22.0%}" for e in THEORY_EXAMS)
            lines.append(f"{name:14}{lang:6}{row}")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(report())
    print(Path(__file__).name)
