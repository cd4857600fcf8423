"""PDFs rendered with WeasyPrint from the same templates and data as the pages."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML

# Tagged PDF (EN 301 549 chapter 10): a structure tree from the HTML's elements, the document's
# title shown instead of its file name, the title from the template's <title> and the language
# from its <html lang>, both also in the XMP metadata.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """Render ``template`` to a tagged PDF (PDF/UA-1). The template sets the title and the
    language (``labs/pdf/base.html`` does both for every PDF of ours)."""
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)
