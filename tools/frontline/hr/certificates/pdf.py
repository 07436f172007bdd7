"""A certificate as a printable, bilingual A4 PDF.

reportlab sets the Chinese in its built-in CID font STSong-Light (Adobe's
standard Chinese font, which PDF readers provide), so nothing is downloaded or
embedded and the file stays small; the English uses Helvetica.
"""

from __future__ import annotations

import io
from functools import cache

from frontline.hr.certificates.code import Certificate

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"


@cache
def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def render_certificate(cert: Certificate, organisation: str = "") -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    _register()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    # invariant=1: no creation time or random id in the file, so the same certificate
    # always gives the same bytes (a rerun of the report changes nothing).
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    pdf.setTitle(f"证书 Certificate {cert.code}")
    pdf.setAuthor(organisation or "Frontline")
    # Plain ASCII in the document info, so a search (or a test) finds the code unparsed.
    pdf.setSubject(f"Verification code {cert.code}")
    pdf.setLineWidth(3)
    pdf.rect(28, 28, width - 56, height - 56)
    pdf.setLineWidth(1)
    pdf.rect(38, 38, width - 76, height - 76)
    middle = width / 2

    def line(text: str, y: float, font: str, size: float) -> None:
        pdf.setFont(font, size)
        pdf.drawCentredString(middle, y, text)

    heading = "优秀学员证书" if cert.kind == "excellent" else "岗前培训合格证书"
    heading_en = (
        "Certificate of Excellence" if cert.kind == "excellent" else "Certificate of Onboarding"
    )
    line(heading, height - 120, CJK_FONT, 34)
    line(heading_en, height - 152, LATIN_BOLD, 20)
    line("兹证明", height - 205, CJK_FONT, 16)
    line("This certifies that", height - 225, LATIN_FONT, 13)
    line(cert.name, height - 270, CJK_FONT, 28)
    if cert.name_en and cert.name_en != cert.name:
        line(cert.name_en, height - 298, LATIN_FONT, 16)
    line(cert.title.zh, height - 345, CJK_FONT, 18)
    line(cert.title.en, height - 370, LATIN_FONT, 14)
    line(f"日期 Date: {cert.day.isoformat()}", height - 420, CJK_FONT, 13)
    pdf.setFont(CJK_FONT, 10)
    pdf.drawString(60, 70, f"验证码 Verification code: {cert.code}")
    pdf.drawString(
        60, 56, f"政策 Policy: {cert.policy_digest} · 决定记录 Decision record: {cert.record_id}"
    )
    pdf.drawRightString(width - 60, 56, "核验 Verify: frontline certificate verify " + cert.code)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
