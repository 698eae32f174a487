"""`propono check-catalogue`: validation from the command line, citations against seeds."""

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.services.catalogue import CATALOGUE_DIR, load_catalogue
from app.services.catalogue.sources import check_reference, split_references, unresolved_citations


def test_shipped_catalogue_is_valid_and_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-catalogue"]) == 0
    out = capsys.readouterr().out
    assert "9 families, 24 products, and LAMAL" in out
    assert "GM   Global semi-private" in out
    assert "LJ   Legis legal protection  levels priva, strada, duo" in out


def test_names_in_another_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-catalogue", str(CATALOGUE_DIR), "--lang", "de"]) == 0
    assert "GM   Global halbprivat" in capsys.readouterr().out


def test_broken_folder_fails_with_file_and_field(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    path = folder / "capital.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("amount = 4000,", "amount = -4000,"),
                    encoding="utf-8")
    assert main(["check-catalogue", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("catalogue error: capital.toml: products.KP.capitals[0].amount: "
                          "negative amount -4000")


SEED_003 = """Aperçu
□ GM Global mi-privée
- adhésion possible jusqu'à l'âge de 55 ans révolus,
□ LJ L'assurance de protection juridique privée Legis^{priva}
Primes
"""
SEED_004 = """Art. 12 Période d’assurance
1.\tLa période d'assurance correspond à une année civile
"""


@pytest.fixture()
def seeds(tmp_path: Path) -> Path:
    (tmp_path / "003_abc.txt").write_text(SEED_003, encoding="utf-8")
    (tmp_path / "004_def.txt").write_text(SEED_004, encoding="utf-8")
    return tmp_path


def test_references_are_checked_against_the_seeds(seeds: Path) -> None:
    assert check_reference("003 §GM Global mi-privée", seeds) is None
    assert check_reference("003 §GM Global mi-privée (jusqu'à 55 ans; révolus)", seeds) is None
    assert check_reference("003 §LJ L'assurance de protection juridique privée Legis^{priva}",
                           seeds) is None
    assert check_reference("004 art. 12 al. 2", seeds) is None
    assert check_reference("LCA art. 1", seeds) is None  # federal law: not a seed
    assert "not found in 003_abc.txt" in str(check_reference("003 §GX Global flex", seeds))
    assert "article 13 not found" in str(check_reference("004 art. 13", seeds))
    assert "no seed file 005" in str(check_reference("005 §Anything", seeds))


def test_sources_split_outside_parentheses() -> None:
    assert split_references("003 §Primes (a; b); 004 art. 12") == ["003 §Primes (a; b)",
                                                                    "004 art. 12"]


def test_unresolved_citations_of_the_shipped_catalogue(seeds: Path) -> None:
    problems = unresolved_citations(load_catalogue(), seeds)
    assert problems  # the fixture seeds hold only a few headings
    assert all(p.problem for p in problems)
    assert not any(p.reference.startswith("003 §GM Global mi-privée") for p in problems)


def test_seed_option_reports_missing_citations(seeds: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-catalogue", "--seeds", str(seeds)]) == 1
    assert "citation of GX: 003 §GX Global flex: heading" in capsys.readouterr().err
