"""Write resources/examples/family-favre-rossi.json: the exchange-format example.

A family in Sion (2 adults, 1 child) offered three variants by an agent, with a
questionnaire, a reservation, declarations, signatures and the policy data, so
that one file prints every document kind in fr, de, it and en. Premiums are
illustrative (not a tariff); products, discounts, waiting periods and exclusions
follow seed 003. Run: `.venv/bin/python tools/make_example_record.py`.
"""

from __future__ import annotations

import io
import math
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw
from stdnum import ean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.documents.records import (  # noqa: E402
    Address,
    Agent,
    BasicInsurance,
    CoverageItem,
    Declaration,
    DeductibleComparison,
    DeductibleOption,
    Discount,
    Household,
    Insurer,
    Invoice,
    KeyDates,
    LocalText,
    Person,
    PersonCoverage,
    PolicyData,
    Premium,
    ProposalRecord,
    QuestionAnswer,
    Questionnaire,
    Reservation,
    Signature,
    Total,
    Variant,
    dump_record,
)

OUT = ROOT / "resources" / "examples" / "family-favre-rossi.json"
START = date(2027, 1, 1)
ISSUED = date(2026, 10, 20)
D = Decimal


def T(fr: str, de: str, it: str, en: str) -> LocalText:  # noqa: N802
    return LocalText(fr=fr, de=de, it=it, en=en)


def ahv(body: str) -> str:
    """756 + 9 digits + EAN-13 check digit, printed 756.XXXX.XXXX.XC."""
    digits = "756" + body
    digits += ean.calc_check_digit(digits)
    return f"{digits[:3]}.{digits[3:7]}.{digits[7:11]}.{digits[11:]}"


def signature_png(seed: float) -> bytes:
    """A handwriting-like stroke, standing in for a signature captured on a tablet."""
    width, height = 420, 120
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    points = []
    for step in range(400):
        t = step / 399
        x = 20 + t * (width - 40)
        y = height / 2 + 30 * math.sin(t * (5 + 2 * seed) * math.pi + seed) * math.exp(-1.2 * t) \
            + 12 * math.sin(t * (15 + 4 * seed) * math.pi + 2 * seed)
        points.append((x, y))
    draw.line(points, fill=0, width=3, joint="curve")
    draw.line([(40, height - 22), (width - 40 - 50 * seed, height - 30)], fill=0, width=2)
    buffer = io.BytesIO()
    image.convert("1").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def premium(gross: str, *discounts: Discount) -> Premium:
    net = D(gross) - sum((d.monthly_amount for d in discounts), D(0))
    return Premium(monthly_gross=D(gross), monthly_net=net, annual_net=net * 12,
                   discounts=tuple(discounts))


COMBINATION = T("Rabais de combinaison", "Kombinationsrabatt", "Ribasso di combinazione",
                "Combination discount")
CHILD_OPTIMUM = T("Rabais enfant (parent assuré Optimum)", "Kinderrabatt (Elternteil mit Optimum)",
                  "Ribasso per figli (genitore assicurato Optimum)",
                  "Child discount (parent insured with Optimum)")

HC_NAME = T("Assurance complémentaire d'hospitalisation", "Spitalzusatzversicherung",
            "Assicurazione complementare d'ospedalizzazione", "Complementary hospital insurance")
HC_WAIT = (T("12 mois dès l'entrée en vigueur du contrat pour les hospitalisations en cas de "
             "grossesse et d'accouchement",
             "12 Monate ab Vertragsbeginn für Spitalaufenthalte bei Schwangerschaft und Geburt",
             "12 mesi dall'entrata in vigore del contratto per le ospedalizzazioni in caso di "
             "gravidanza e parto",
             "12 months from the start of the contract for hospital stays for pregnancy and "
             "childbirth"),)
HC_EXCL = (
    T("Établissements et médecins non reconnus par l'assureur: prestations limitées, voire refusées",
      "Vom Versicherer nicht anerkannte Spitäler und Ärzte: Leistungen beschränkt oder verweigert",
      "Istituti e medici non riconosciuti dall'assicuratore: prestazioni limitate o rifiutate",
      "Hospitals and doctors not recognised by the insurer: benefits limited or refused"),
    T("Prestations limitées à 90 jours dans un hôpital de soins généraux",
      "Leistungen auf 90 Tage in einem allgemeinen Spital beschränkt",
      "Prestazioni limitate a 90 giorni in un ospedale di cure generali",
      "Benefits limited to 90 days in a general hospital"),
)
SO_NAME = T("Soins complémentaires Optimum", "Ergänzungsversicherung Optimum",
            "Cure complementari Optimum", "Complementary care Optimum")
MU_NAME = T("Mundo, assurance voyage et assistance", "Mundo, Reise- und Assistanceversicherung",
            "Mundo, assicurazione viaggio e assistenza", "Mundo, travel and assistance insurance")
MU_EXCL = (
    T("Traitements volontaires à l'étranger", "Freiwillige Behandlungen im Ausland",
      "Trattamenti volontari all'estero", "Treatment abroad undertaken voluntarily"),
    T("Maladies déjà en traitement et non stabilisées au moment du départ",
      "Bei der Abreise bereits behandelte, nicht stabilisierte Krankheiten",
      "Malattie già in cura e non stabilizzate al momento della partenza",
      "Illnesses already under treatment and not stabilised when leaving"),
    T("Frais personnels (boissons, téléphone, etc.)", "Persönliche Auslagen (Getränke, Telefon usw.)",
      "Spese personali (bevande, telefono, ecc.)", "Personal expenses (drinks, telephone, etc.)"),
)
DP_NAME = T("Dentaire plus, assurance des soins dentaires", "Dentaire plus, Zahnversicherung",
            "Dentaire plus, assicurazione dentaria", "Dentaire plus, dental insurance")
DP_WAIT = (T("3 mois dès l'entrée en vigueur du contrat pour tous les traitements dentaires, "
             "12 mois pour les interventions prothétiques; accidents couverts immédiatement",
             "3 Monate ab Vertragsbeginn für alle Zahnbehandlungen, 12 Monate für prothetische "
             "Eingriffe; Unfälle sofort gedeckt",
             "3 mesi dall'entrata in vigore del contratto per tutti i trattamenti dentari, 12 mesi "
             "per gli interventi protesici; infortuni coperti subito",
             "3 months from the start of the contract for all dental treatment, 12 months for "
             "prosthetics; accidents covered at once"),)
DP_EXCL = (
    T("Dents manquantes ou déjà remplacées au moment de l'adhésion",
      "Beim Beitritt fehlende oder bereits ersetzte Zähne",
      "Denti mancanti o già sostituiti al momento dell'adesione",
      "Teeth missing or already replaced when joining"),
    T("Traitements déjà envisagés lors de la demande d'affiliation",
      "Bei der Antragstellung bereits geplante Behandlungen",
      "Trattamenti già previsti al momento della domanda di adesione",
      "Treatment already planned when applying"),
)
AB_NAME = T("Acrobat, assurance accident 0-18 ans", "Acrobat, Unfallversicherung 0-18 Jahre",
            "Acrobat, assicurazione infortuni 0-18 anni", "Acrobat, accident insurance age 0-18")


def hc(gross: str) -> CoverageItem:
    return CoverageItem("HC", HC_NAME, "GMA", START, premium(gross), level="2", deductible=D(1000),
                        waiting_periods=HC_WAIT, exclusions=HC_EXCL, source="003 HC",
                        minimum_term_end=date(2029, 12, 31), notice_deadline=date(2029, 9, 30))


def so(gross: str, deductible: int, *discounts: Discount) -> CoverageItem:
    return CoverageItem("SO", SO_NAME, "GMA", START, premium(gross, *discounts),
                        deductible=D(deductible), source="003 SO",
                        minimum_term_end=date(2029, 12, 31), notice_deadline=date(2029, 9, 30))


def mu() -> CoverageItem:
    # 003 MU: combination discount with SO/HC; minimum term 1 year (003 "Durée minimale").
    return CoverageItem("MU", MU_NAME, "GMA", START,
                        premium("6.90", Discount(COMBINATION, D("0.70"), "003 MU")),
                        exclusions=MU_EXCL, minimum_term_years=1, source="003 MU",
                        minimum_term_end=date(2027, 12, 31), notice_deadline=date(2027, 9, 30))


def basic(model: str, deductible: int, gross: str, accident: bool) -> BasicInsurance:
    return BasicInsurance("MUTUEL", model, D(deductible), accident, START, premium(gross))  # type: ignore[arg-type]


def variant(key: str, label: LocalText, adult_model: str, adult_deductible: int,
            adult_gross: str, child_gross: str, hospital: bool) -> Variant:
    lea_items = ([hc("64.80")] if hospital else []) + [so("31.40", 150), mu()]
    marco_items = ([hc("58.20")] if hospital else []) + [so("28.90", 150), mu()]
    noe_items = [
        so("14.60", 0, Discount(CHILD_OPTIMUM, D("2.90"), "003 SO")),
        CoverageItem("DP", DP_NAME, "GMA", START, premium("9.50"), level="0",
                     waiting_periods=DP_WAIT, exclusions=DP_EXCL, source="003 DP",
                     minimum_term_end=date(2029, 12, 31), notice_deadline=date(2029, 9, 30)),
        CoverageItem("AB", AB_NAME, "GMA", START, premium("8.40"), level="standard",
                     source="003 AB", minimum_term_end=date(2029, 12, 31), notice_deadline=date(2029, 9, 30)),
    ]
    coverages = (
        PersonCoverage("p1", basic(adult_model, adult_deductible, adult_gross, False), tuple(lea_items)),
        PersonCoverage("p2", basic(adult_model, adult_deductible, adult_gross, False), tuple(marco_items)),
        PersonCoverage("p3", basic(adult_model, 0, child_gross, True), tuple(noe_items)),
    )
    month = sum((c.basic.premium.monthly_net for c in coverages if c.basic), D(0)) + sum(
        (i.premium.monthly_net for c in coverages for i in c.items), D(0))
    return Variant(key, label, coverages, (Total("monthly", month), Total("annual", month * 12)))


def questions(person: str, hospital_details: str, height_weight: str, dental: bool) -> Questionnaire:
    def q(key: str, question: LocalText, answer: str = "no", details: str = "") -> QuestionAnswer:
        return QuestionAnswer(key, question, answer,  # type: ignore[arg-type]
                              details=LocalText.same(details) if details else None)

    answers = [
        q("treatment", T(
            "Êtes-vous actuellement en traitement médical ou prenez-vous régulièrement des médicaments?",
            "Stehen Sie zurzeit in ärztlicher Behandlung oder nehmen Sie regelmässig Medikamente ein?",
            "È attualmente in cura medica o assume regolarmente medicamenti?",
            "Are you currently receiving medical treatment or taking medicines regularly?")),
        q("hospital_5y", T(
            "Au cours des 5 dernières années, avez-vous été hospitalisé(e), opéré(e) ou en "
            "incapacité de travail pendant plus de 4 semaines?",
            "Waren Sie in den letzten 5 Jahren im Spital, wurden Sie operiert oder waren Sie "
            "länger als 4 Wochen arbeitsunfähig?",
            "Negli ultimi 5 anni è stato/a ricoverato/a in ospedale, operato/a o inabile al "
            "lavoro per più di 4 settimane?",
            "In the last 5 years, have you been in hospital, had an operation or been unable to "
            "work for more than 4 weeks?"),
          "yes" if hospital_details else "no", hospital_details),
        q("chronic", T(
            "Souffrez-vous ou avez-vous souffert d'une maladie chronique ou récidivante (par "
            "exemple du cœur, du dos, des articulations, ou d'une maladie psychique)?",
            "Leiden oder litten Sie an einer chronischen oder wiederkehrenden Krankheit (zum "
            "Beispiel des Herzens, des Rückens, der Gelenke oder an einer psychischen Krankheit)?",
            "Soffre o ha sofferto di una malattia cronica o ricorrente (per esempio del cuore, "
            "della schiena, delle articolazioni o di una malattia psichica)?",
            "Do you suffer, or have you suffered, from a chronic or recurring illness (for "
            "example of the heart, back or joints, or a psychological illness)?")),
    ]
    if dental:
        answers.append(q("dental", T(
            "Un traitement dentaire ou orthodontique est-il prévu ou vous a-t-il été recommandé?",
            "Ist eine zahnärztliche oder kieferorthopädische Behandlung geplant oder empfohlen worden?",
            "È previsto o Le è stato consigliato un trattamento dentario o ortodontico?",
            "Is dental or orthodontic treatment planned, or has it been recommended?")))
    answers.append(QuestionAnswer("height_weight", T("Taille et poids", "Grösse und Gewicht",
                                                     "Altezza e peso", "Height and weight"),
                                  "text", LocalText.same(height_weight)))
    return Questionnaire(person, tuple(answers))


def build() -> ProposalRecord:
    gm_address = Address("Rue des Cèdres", "5", "1919", "Martigny")
    contact = "dataprotection@groupemutuel.ch"  # 003 "Data Protection Officer"
    members = (
        Person("p1", "Léa", "Favre", "F", date(1986, 4, 17), "fr", ahv("123456789")),
        Person("p2", "Marco", "Rossi", "M", date(1983, 11, 2), "it", ahv("987654321")),
        Person("p3", "Noé", "Rossi", "M", date(2018, 6, 23), "fr", ahv("555123987")),
    )
    variants = (
        variant("A", T("Franchise 300, modèle standard", "Franchise 300, Standardmodell",
                       "Franchigia 300, modello standard", "Deductible 300, standard model"),
                "standard", 300, "471.30", "118.70", True),
        variant("B", T("Franchise 2500, télémédecine", "Franchise 2500, Telmed",
                       "Franchigia 2500, telemedicina", "Deductible 2500, telemedicine"),
                "telmed", 2500, "338.90", "104.20", True),
        variant("C", T("Franchise 2500, télémédecine, sans hospitalisation",
                       "Franchise 2500, Telmed, ohne Spitalzusatz",
                       "Franchigia 2500, telemedicina, senza ospedalizzazione",
                       "Deductible 2500, telemedicine, no hospital cover"),
                "telmed", 2500, "338.90", "104.20", False),
    )
    adult_options = [(300, "452.80"), (500, "440.10"), (1000, "411.60"), (1500, "383.20"),
                     (2000, "361.00"), (2500, "338.90")]
    child_options = [(0, "104.20"), (100, "98.90"), (200, "93.60"), (300, "88.40"),
                     (400, "83.10"), (500, "77.90"), (600, "72.60")]
    telmed = T("Assurance de base LAMal, modèle télémédecine", "Grundversicherung KVG, Telmed-Modell",
               "Assicurazione di base LAMal, modello telemedicina",
               "Basic insurance LAMal, telemedicine model")
    comparisons = (
        DeductibleComparison("p1", telmed, D(2500), tuple(
            DeductibleOption(D(d), D(m), D(m) * 12, D(700)) for d, m in adult_options)),
        DeductibleComparison("p3", telmed, D(0), tuple(
            DeductibleOption(D(d), D(m), D(m) * 12, D(350)) for d, m in child_options)),
    )
    signed_at = datetime(2026, 10, 20, 18, 42, tzinfo=timezone(timedelta(hours=2)))
    record = ProposalRecord(
        reference="GM-2026-004211",
        language="fr",
        place="Sion",
        agent=Agent("Sébastien Crettenand", "ACC-VS-20417", "+41 27 555 01 23",
                    "s.crettenand@example.ch"),
        insurers=(
            Insurer("MUTUEL", "Mutuel Assurance Maladie SA", gm_address, contact),
            Insurer("GMA", "Groupe Mutuel Assurances GMA SA", gm_address, contact),
        ),
        household=Household("p1", Address("Rue du Grand-Pont", "18", "1950", "Sion"), members,
                            "+41 79 555 44 12", "lea.favre@example.ch"),
        variants=variants,
        chosen_variant="B",
        key_dates=KeyDates(
            issued=ISSUED,
            binding_until=ISSUED + timedelta(days=14),  # LCA art. 1
            revocation_until=ISSUED + timedelta(days=14),  # LCA art. 2a
            # MU's term differs from the others': each product states its own (CoverageItem)
            minimum_term_end=None,
            notice_deadline=None,
            offer_valid_until=date(2026, 11, 30),
        ),
        deductible_comparisons=comparisons,
        questionnaires=(
            questions("p1", "Arthroscopie du genou gauche (ménisque), Hôpital de Sion, mars 2022; "
                            "guérie sans suites", "168 cm, 61 kg", False),
            questions("p2", "", "181 cm, 84 kg", False),
            questions("p3", "", "127 cm, 26 kg", True),
        ),
        reservations=(Reservation(
            "p1",
            T("Lésion du ménisque du genou gauche et ses suites",
              "Meniskusverletzung des linken Knies und deren Folgen",
              "Lesione del menisco del ginocchio sinistro e relative conseguenze",
              "Meniscus injury of the left knee and its consequences"),
            ("HC", "SO"), answer_deadline=date(2026, 11, 30), source="004 art. 8"),),
        declarations=tuple(
            Declaration(key, person, not (key == "marketing_profiling" and person == "p1"))  # type: ignore[arg-type]
            for key in ("truthfulness", "data_processing", "doctors_release", "marketing_profiling")
            for person in ("p1", "p2")
        ),
        signatures=(
            Signature("Léa Favre", "policyholder", signature_png(0.3), signed_at, "Sion", "p1"),
            Signature("Léa Favre", "legal_representative", signature_png(0.5), signed_at, "Sion",
                      "p1", "p3"),
            Signature("Marco Rossi", "insured_person", signature_png(1.7), signed_at, "Sion", "p2"),
            Signature("Sébastien Crettenand", "agent", signature_png(2.9), signed_at, "Sion"),
        ),
    )
    chosen = record.main_variant()
    monthly = next(t.amount for t in chosen.totals if t.frequency == "monthly")
    policy = PolicyData("GMA-27-0481516", date(2026, 11, 25), Invoice(
        creditor_name="Groupe Mutuel Assurances GMA SA",
        creditor_address=gm_address,
        account="CH44 3199 9123 0008 8901 2",  # QR-IBAN of the QR-bill specification's examples
        amount=monthly,
        debtor="p1",
        due_date=date(2026, 12, 31),
        period_start=START,
        period_end=date(2027, 1, 31),
        reference="21 00000 00003 13947 14300 09017",
        additional_information="GMA-27-0481516 01.2027",
    ))
    return replace(record, policy=policy)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(dump_record(build()), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
