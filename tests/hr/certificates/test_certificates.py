"""Certificates: codes bound to the decision record, PDFs written, tampering refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from frontline.hr.certificates.code import certificate_code, normalise_code
from frontline.report.certificate_verify import verify_code
from tests.hr.certificates.sample import report_with_sections
from tests.report.cohort import XSS_NAME

FIELDS = ("t1", "excellent", "2026-11", date(2026, 12, 1), "abc123", "rec1")


@pytest.mark.parametrize("index", range(len(FIELDS)))
def test_every_field_changes_the_code(index: int) -> None:
    base = certificate_code(*FIELDS)  # type: ignore[arg-type]
    changed = list(FIELDS)
    changed[index] = date(2026, 12, 2) if index == 3 else str(FIELDS[index]) + "x"
    assert certificate_code(*changed) != base  # type: ignore[arg-type]
    assert certificate_code(*FIELDS) == base  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("FL-2916B-B16E5-71979-937CB", "FL-2916B-B16E5-71979-937CB"),
        ("fl 2916b b16e5 71979 937cb", "FL-2916B-B16E5-71979-937CB"),
        ("FL-2916B-B16E5-71979-937C", None),  # a digit short
        ("FL-2916B-B16E5-71979-937CG", None),  # not hex
        ("XX-2916B-B16E5-71979-937CB", None),
    ],
)
def test_codes_are_read_as_people_type_them(typed: str, expected: str | None) -> None:
    assert normalise_code(typed) == expected


def test_report_writes_sections_and_a_pdf_per_certificate(tmp_path: Path) -> None:
    out, sections = report_with_sections(tmp_path)
    kinds = sorted((c.trainee_id, c.kind) for c in sections.certificates)
    assert kinds == [("zq-7781", "excellent"), ("zq-7782", "onboarding")]
    for cert in sections.certificates:
        pdf = (out / "certificates" / cert.file_name).read_bytes()
        assert pdf.startswith(b"%PDF") and b"STSong-Light" in pdf
        assert cert.code.encode() in pdf
    page = (out / "report.html").read_text(encoding="utf-8")
    for marker in (
        'id="onboarding"',
        'id="kpi-ranking"',
        'id="certificates"',
        "2026-12-04",
        "改进计划 improvement plan",
        "已逾期 overdue",
        sections.certificates[0].code,
    ):
        assert marker in page, marker  # fmt: skip
    assert XSS_NAME not in page and "&lt;script&gt;" in page
    assert "complete module 01-etiquette: self-check finished" in page
    # the same report again gives byte-identical certificates
    first = {p.name: p.read_bytes() for p in (out / "certificates").iterdir()}
    report_with_sections(tmp_path)
    assert first == {p.name: p.read_bytes() for p in (out / "certificates").iterdir()}
    # a new run (another moment, so another record id) leaves no stale certificate behind
    report_with_sections(tmp_path, generated="2026-12-02 08:00 UTC")
    again = {p.name for p in (out / "certificates").iterdir()}
    assert len(again) == 2 and not again & set(first)


def test_verify_accepts_real_codes_and_refuses_changed_ones(tmp_path: Path) -> None:
    _out, sections = report_with_sections(tmp_path)
    roots = [tmp_path / "reports"]
    for cert in sections.certificates:
        verdict = verify_code(cert.code, roots)
        assert verdict.valid, verdict.reason
        assert cert.trainee_id in verdict.summary
        last = cert.code[-1]
        changed = cert.code[:-1] + ("0" if last != "0" else "1")
        refused = verify_code(changed, roots)
        assert not refused.valid and "lists" in refused.reason
    assert "not a certificate code" in verify_code("hello", roots).reason


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        # the record's certificate moved to another trainee
        (lambda r: r["sections"]["certificates"][0].update(trainee_id="zq-7783"),
         "does not hash to this code"),
        # the record's result no longer shows excellent for that trainee
        (lambda r: [o.update(tier="good") for o in r["result"]["outcomes"]],
         "do not show excellent"),
        (lambda r: r["policy"].update(text=r["policy"]["text"] + "# edited\n"),
         "policy text"),
    ],
)  # fmt: skip
def test_an_edited_record_no_longer_backs_its_codes(
    tmp_path: Path, edit: object, reason: str
) -> None:
    out, sections = report_with_sections(tmp_path)
    path = out / "decision-record.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    edit(raw)  # type: ignore[operator]
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    excellent = next(c for c in sections.certificates if c.kind == "excellent")
    verdict = verify_code(excellent.code, [tmp_path / "reports"])
    assert not verdict.valid and reason in verdict.reason


def test_a_rebuild_keeps_the_sections_and_certificates(tmp_path: Path) -> None:
    from frontline.report.command import ReportRequest, rebuild

    out, sections = report_with_sections(tmp_path)
    files = rebuild(ReportRequest(course_dir=tmp_path, rebuild=out / "decision-record.json"))
    assert files.sections == sections
    assert sorted(p.name for p in files.certificates) == sorted(
        c.file_name for c in sections.certificates
    )
    assert 'id="onboarding"' in (files.out_dir / "report.html").read_text(encoding="utf-8")
