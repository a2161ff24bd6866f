"""PDF export of the services' HTML documents: real PDFs, read back with pypdf."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from hubapp.ui.printing import write_pdf


def test_pdf_has_the_text_the_title_and_a_page_per_page_of_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    items = "".join(
        f"<h2>{n}. Street lighting</h2><p>Resolved <b>24/{100 + n}</b>: that Siân Ó Briain "
        "of Llanwrda mends the lamp on Heol y Dŵr.</p>"
        for n in range(1, 61)
    )
    html = f"<h1>Cyngor Cymuned Llanwrda</h1>{items}"
    path = write_pdf(html, tmp_path / "minutes.pdf", title="Minutes, Tue 3 Dec 2026")
    reader = PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == "Minutes, Tue 3 Dec 2026"
    assert len(reader.pages) > 1  # sixty items do not fit on one A4 page
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Cyngor Cymuned Llanwrda" in text
    assert "24/101" in text and "24/160" in text
    assert "Siân Ó Briain" in text and "Heol y Dŵr" in text  # Welsh letters kept as text
    # Pages are numbered at the foot.
    assert reader.pages[1].extract_text().split()[-1] == "2"


def test_a_document_that_is_empty_still_makes_a_pdf(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_pdf("", tmp_path / "empty.pdf", title="Nothing")
    assert len(PdfReader(path).pages) == 1
