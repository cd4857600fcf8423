"""PDFs rendered with WeasyPrint from the same templates and data as the pages."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=None).write_pdf()
