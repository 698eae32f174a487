"""The Swiss QR-bill of the first premium invoice, drawn into the PDF.

`qrbill` builds and validates the payment part (QR-bill spec 2.3: structured
addresses only) and writes SVG; svglib turns that SVG into a reportlab drawing
placed at the bottom of the invoice page, 210 x 105 mm, as the spec requires.
"""

from __future__ import annotations

import io
import warnings

from qrbill import QRBill
from reportlab.graphics.shapes import Drawing
from svglib.svglib import svg2rlg

from app.services.documents.records import Address, ProposalRecord, RecordError

BILL_HEIGHT_MM = 106  # 105 mm payment part + 1 mm for the scissors line (qrbill)


def _address(name: str, address: Address) -> dict[str, str]:
    return {
        "name": name,
        "street": address.street,
        "house_num": address.house_number,
        "pcode": address.postcode,
        "city": address.city,
        "country": address.country,
    }


def build_bill(record: ProposalRecord, language: str) -> QRBill:
    if record.policy is None or record.policy.invoice is None:
        raise RecordError("$.policy.invoice: missing, no premium invoice to print")
    invoice = record.policy.invoice
    debtor = record.person(invoice.debtor)
    debtor_address = debtor.address or record.household.address
    try:
        return QRBill(
            account=invoice.account,
            creditor=_address(invoice.creditor_name, invoice.creditor_address),
            amount=invoice.amount,
            currency=invoice.currency,
            debtor=_address(debtor.full_name, debtor_address),
            reference_number=invoice.reference.replace(" ", "") or None,
            additional_information=invoice.additional_information,
            language=language,
        )
    except ValueError as error:
        raise RecordError(f"$.policy.invoice: {error}") from error


def bill_drawing(bill: QRBill) -> Drawing:
    svg = io.StringIO()
    bill.as_svg(svg)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        drawing = svg2rlg(io.BytesIO(svg.getvalue().encode("utf-8")))
    if drawing is None:  # pragma: no cover - qrbill always writes valid SVG
        raise RecordError("$.policy.invoice: the QR-bill could not be drawn")
    return drawing
