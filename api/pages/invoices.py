"""/invoices/{id}: an invoice or credit note as a printable page, and its PDF for a signed-in reader.

The same read model and the same rule on who may read it (``scheduling.invoices.access``) as the API's PDF;
the PDF is served here too because the pages sign in with a cookie, which ``/api`` never reads.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from api.auth import requires_login
from api.pages.support.rendering import current_user, page
from scheduling.invoices.access import readable_invoice
from scheduling.invoices.document import invoice_document
from scheduling.invoices.pdf import invoice_pdf


class InvoicePages(Controller):
    path = "/invoices"
    guards = [requires_login]

    @get("/{invoice_id:int}", name="invoice")
    async def show(self, request: Request[Any, Any, Any], invoice_id: FromPath[int]) -> Template:
        invoice = await readable_invoice(current_user(request), invoice_id)
        doc = await invoice_document(invoice)
        return await page(request, "invoice.html.j2", doc=doc, pdf_url=f"/invoices/{invoice.id}/pdf")

    @get("/{invoice_id:int}/pdf", name="invoice_pdf")
    async def pdf(self, request: Request[Any, Any, Any], invoice_id: FromPath[int]) -> Response[bytes]:
        invoice = await readable_invoice(current_user(request), invoice_id)
        name = re.sub(r"[^A-Za-z0-9-]", "", invoice.reference) or "invoice"
        return Response(
            await invoice_pdf(await invoice_document(invoice)),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"', "Cache-Control": "private, no-store"},
        )
