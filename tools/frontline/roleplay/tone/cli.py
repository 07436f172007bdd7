"""`frontline reply-model`: learn the tone model from labelled replies, and measure the
reply analysis on a labelled set (yours, or one a colleague wrote).

Only argparse is imported at module level, so `frontline --help` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from frontline.core.course import DEFAULT_LEXICON

DEFAULT_SET = DEFAULT_LEXICON.parents[1] / "tests" / "data" / "replies.yml"


def _cmd_train(args: argparse.Namespace) -> int:
    from frontline.core.atomic import write_text_atomic
    from frontline.roleplay.tone.labelled import read_labelled
    from frontline.roleplay.tone.model import MODEL_FILE, model_text
    from frontline.roleplay.tone.train import PRECISION_GOAL, train

    replies = read_labelled(args.replies)
    writers = {r.by for r in replies}
    print(f"{len(replies)} labelled replies ({sum(r.rude for r in replies)} rude) by "
          f"{len(writers)} writers, from {args.replies}", flush=True)  # fmt: skip
    if len(writers) < 2:
        print("  only one writer (`by:`): no cross-validation, threshold 0.5")
    trained = train([r.example for r in replies], args.replies.name,
                    lambda line: print(f"  {line}", flush=True))  # fmt: skip
    print(f"threshold {trained.model.threshold:.2f}: the lowest at which replies of writers "
          f"the model never saw are flagged with precision >= {PRECISION_GOAL:.2f}")  # fmt: skip
    for fold in trained.folds:
        print(f"  {fold.writer}: {fold.replies} replies, precision {fold.precision:.2f}, "
              f"recall {fold.recall:.2f}")  # fmt: skip
    print(f"  all unseen writers: precision {trained.precision:.2f}, "
          f"recall {trained.recall:.2f}")  # fmt: skip
    target = args.lexicon / MODEL_FILE
    write_text_atomic(target, model_text(trained.model))
    target.chmod(0o644)  # course content: every trainee's kernel reads it
    print(f"wrote {target} ({len(trained.model.weights)} weighted pieces); exams that keep "
          "a copy of the lexicon take it at `frontline exams build`")  # fmt: skip
    return 0


def _cmd_measure(args: argparse.Namespace) -> int:
    from frontline.roleplay.lexicon import load_lexicon
    from frontline.roleplay.tone.labelled import measure, read_labelled

    lexicon = load_lexicon(args.lexicon)
    replies = read_labelled(args.replies)
    figures = measure(replies, lexicon)
    print(figures.line(args.replies.name))
    if args.misses:
        for miss in figures.misses:
            print(f"  {miss}")
    return 0


def add_reply_model_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser(
        "reply-model",
        help="learn the tone model of the reply analysis from labelled replies, or measure "
        "the analysis on a labelled set",
    )
    sub = parser.add_subparsers(dest="reply_model_command", required=True)
    train = sub.add_parser(
        "train",
        help="learn course/lexicon/tone-model.tsv from a labelled set (cross-validated "
        "across its writers)",
    )
    train.add_argument("--replies", type=Path, default=DEFAULT_SET,
                       help="labelled replies (default: tests/data/replies.yml)")  # fmt: skip
    train.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON,
                       help="lexicon folder to write the model into "
                       "(default: course/lexicon/)")  # fmt: skip
    train.set_defaults(func=_cmd_train)
    measure = sub.add_parser(
        "measure",
        help="rude precision and recall and moves found exactly, on a labelled set",
    )
    measure.add_argument("replies", type=Path, metavar="SET", help="labelled replies (YAML)")
    measure.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON,
                         help="lexicon folder (default: course/lexicon/)")  # fmt: skip
    measure.add_argument("--misses", action="store_true",
                         help="list every reply the analysis judged differently")  # fmt: skip
    measure.set_defaults(func=_cmd_measure)
