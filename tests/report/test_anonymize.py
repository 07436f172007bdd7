"""`--anonymize`: reports shared outside HR hold no real name or id, and pseudonyms are stable."""

from __future__ import annotations

import zipfile
from pathlib import Path

from frontline.report import build_report
from frontline.report.anonymize import KEY_FILE, anonymize_result, load_or_create_key
from frontline.report.snapshot import load_record
from tests.report.cohort import PEOPLE, POLICY, POLICY_TEXT, sample_result


def _all_text(out: Path) -> dict[Path, str]:
    """Every output as text; the Excel workbook unzipped, sheet by sheet."""
    texts: dict[Path, str] = {}
    for path in out.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts[path] = "".join(
                    book.read(name).decode("utf-8", "replace") for name in book.namelist()
                )
        elif path.is_file():
            texts[path] = path.read_text(encoding="utf-8-sig")
    return texts


def test_no_real_name_or_id_appears_in_any_output(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "course")
    out = tmp_path / "out"
    files = build_report(
        sample_result(), out, policy=POLICY, policy_text=POLICY_TEXT, anonymize_key=key
    )
    texts = _all_text(out)
    assert {p.suffix for p in texts} == {".html", ".xlsx", ".csv", ".json"}
    assert len([p for p in texts if p.parent.name == "trainees"]) == len(PEOPLE)
    secrets = [str(v) for tid, name, name_en, *_ in PEOPLE for v in (tid, name, name_en) if v]
    secrets += ["zq-", "2024-03-04"]  # no id fragment, no hire date
    for path, text in texts.items():
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path.name} holds {leaked}"
    for path in out.rglob("*"):
        assert "zq-" not in path.name
    # Still a useful report: every trainee is there under a pseudonym, tiers unchanged.
    record = load_record(files.record)
    assert record.anonymized
    assert sorted(o.tier for o in record.result.outcomes if o.tier) == sorted(
        o.tier for o in sample_result().outcomes if o.tier
    )
    assert all(t.trainee_id.startswith("P") for t in record.inputs.trainees)
    assert key.hex() not in "".join(texts.values())


def test_pseudonyms_are_stable_with_the_course_key_and_differ_without_it(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path / "course")
    assert load_or_create_key(tmp_path / "course") == key  # kept beside the course
    assert (tmp_path / "course" / KEY_FILE).stat().st_mode & 0o077 == 0
    first = anonymize_result(sample_result(), key)
    again = anonymize_result(sample_result(PEOPLE[:2]), key)
    ids = [o.trainee.trainee_id for o in first.outcomes]
    assert [o.trainee.trainee_id for o in again.outcomes] == ids[:2]
    other = anonymize_result(sample_result(), load_or_create_key(tmp_path / "other"))
    assert not set(ids) & {o.trainee.trainee_id for o in other.outcomes}
    # Records point at the pseudonym too, so the anonymised record still rebuilds.
    pseudo = first.outcomes[0].trainee.trainee_id
    assert {r.trainee_id for r in first.inputs.scores} == set(ids)
    assert first.outcomes[0].components[0].used[0].trainee_id == pseudo


def test_raters_and_trainees_off_the_roster_are_pseudonymised_too(tmp_path: Path) -> None:
    import dataclasses

    from frontline.core.i18n import Text
    from frontline.hr.rules.outcomes import ScoreRecord, SourceKind

    result = sample_result()
    rating = ScoreRecord(
        "zq-7781", "2026-11", "appraisal:supervisor", SourceKind.APPRAISAL, 4, 5,
        rater_id="boss-4471",
    )  # fmt: skip
    stranger = ScoreRecord("xx-0001", "2026-11", "etiquette-theory", SourceKind.EXAM, 5, 10)
    result = dataclasses.replace(
        result,
        inputs=dataclasses.replace(result.inputs, scores=(*result.inputs.scores, rating, stranger)),
        notes=(Text("不在名册中的学员:xx-0001", "not on the roster: xx-0001"),),
    )
    key = load_or_create_key(tmp_path)
    out = tmp_path / "out"
    build_report(result, out, policy=POLICY, policy_text=POLICY_TEXT, anonymize_key=key)
    for path, text in _all_text(out).items():
        assert "boss-4471" not in text and "xx-0001" not in text, path
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "not on the roster: P" in html  # the note is kept, with a pseudonym
