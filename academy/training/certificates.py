"""Certificates of completion, as one-page PDFs drawn on request from the completion record."""

from __future__ import annotations

import io

from django.conf import settings
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from academy.training.models import Completion


def _long(day: object) -> str:
    return f"{day.day} {day:%B %Y}"  # type: ignore[attr-defined]


def certificate_pdf(completion: Completion) -> bytes:
    """A4 landscape: who, what, when, CPD hours, expiry, the certificate number to quote."""
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    course = completion.course
    canvas.setTitle(f"Certificate: {course.title}")
    canvas.setAuthor(settings.ACADEMY_NAME)
    canvas.setStrokeColor(colors.HexColor("#1d70b8"))
    canvas.setLineWidth(6)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    centre = width / 2
    canvas.setFillColor(colors.HexColor("#0b0c0c"))
    canvas.setFont("Helvetica", 14)
    canvas.drawCentredString(centre, height - 40 * mm, settings.ACADEMY_NAME)
    canvas.setFont("Helvetica-Bold", 30)
    canvas.drawCentredString(centre, height - 62 * mm, "Certificate of completion")
    canvas.setFont("Helvetica", 14)
    canvas.drawCentredString(centre, height - 80 * mm, "This is to certify that")
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawCentredString(centre, height - 96 * mm, completion.person.full_name)
    canvas.setFont("Helvetica", 14)
    canvas.drawCentredString(centre, height - 110 * mm, "completed")
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawCentredString(centre, height - 124 * mm, course.title)
    canvas.setFont("Helvetica", 12)
    provider = course.provider_unit or course.provider.name
    details = [
        f"on {_long(completion.completed_on)}, provided by {provider}",
        f"CPD hours: {course.cpd_hours:.1f}" if course.cpd_hours else "",
        f"Expires on {_long(completion.expires_on)}"
        if completion.expires_on
        else "This course does not expire.",
    ]
    y = height - 140 * mm
    for line in filter(None, details):
        canvas.drawCentredString(centre, y, line)
        y -= 8 * mm
    canvas.setFont("Helvetica", 9)
    canvas.setFillColor(colors.HexColor("#505a5f"))
    canvas.drawString(20 * mm, 20 * mm, f"Certificate number {completion.certificate_number}")
    canvas.drawRightString(width - 20 * mm, 20 * mm, settings.SERVICE_NAME)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
