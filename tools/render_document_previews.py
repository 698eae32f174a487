"""Render each document kind of the example record to PNG with pdftoppm, to look at.

    .venv/bin/python tools/render_document_previews.py            # the docs pages, docs/screenshots
    .venv/bin/python tools/render_document_previews.py --all /tmp/previews --lang de

pdftoppm comes with poppler-utils (`apt-get install poppler-utils`); the tests
do not need it. docs/documents.md shows one page of each kind from docs/screenshots.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.documents import load_record, render_document  # noqa: E402

EXAMPLE = ROOT / "resources" / "examples" / "family-favre-rossi.json"
# kind, options, page shown (1-based; -1 = last page), its language (one of each)
SHOWN = [
    ("offer", {"compare_deductibles": True}, 1, "fr"),
    ("proposal", {}, -1, "de"),
    ("consent", {}, 1, "it"),
    ("policy", {}, -1, "en"),
]


def render_pages(pdf: Path, prefix: Path, dpi: int, first: int | None = None) -> list[Path]:
    command = ["pdftoppm", "-png", "-r", str(dpi)]
    if first is not None:
        command += ["-f", str(first), "-l", str(first), "-singlefile"]
    subprocess.run([*command, str(pdf), str(prefix)], check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}*.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default=None, help="one language for all (default: mixed)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--all", type=Path, metavar="DIR", help="every page of every kind into DIR")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
        return 1
    record = load_record(EXAMPLE)
    with tempfile.TemporaryDirectory() as scratch:
        for kind, options, page, shown_lang in SHOWN:
            lang = args.lang or shown_lang
            pdf = Path(scratch) / f"{kind}.pdf"
            pdf.write_bytes(render_document(kind, record, lang, **options))  # type: ignore[arg-type]
            if args.all:
                args.all.mkdir(parents=True, exist_ok=True)
                pages = render_pages(pdf, args.all / f"{kind}-{lang}", args.dpi)
                print(f"{kind}: {len(pages)} page(s) in {args.all}")
                continue
            from pypdf import PdfReader

            count = len(PdfReader(pdf).pages)
            number = count if page == -1 else page
            args.out.mkdir(parents=True, exist_ok=True)
            prefix = args.out / f"{kind}-{lang}"
            render_pages(pdf, prefix, args.dpi, number)
            print(f"{prefix.with_suffix('.png').relative_to(ROOT)}: page {number} of {count}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
