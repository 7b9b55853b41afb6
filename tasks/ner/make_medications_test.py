"""Write tasks/ner/medications/test.jsonl: hand-written clinical-style sentences with DRUG and
DOSAGE spans, the test set of the worked example (docs/ner.md, tasks/ner/README.md).

Written by hand for this project, before and separately from the training templates
(make_medications.py), and never used for any choice (epochs, templates, options): only for the
final measurement. DRUG = a medicine's name (generic or brand); DOSAGE = an amount with its unit
("500 mg", "2 puffs", "0.4 mg/kg"); frequencies and routes are not part of either. Offsets are
computed from the entity strings, left to right. Run: python tasks/ner/make_medications_test.py
"""

from __future__ import annotations

import json
from pathlib import Path

D, Q = "DRUG", "DOSAGE"
SENTENCES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Patient reports taking ibuprofen 400 mg twice a day for knee pain.",
     [("ibuprofen", D), ("400 mg", Q)]),
    ("Continue metformin 1000 mg with the evening meal.", [("metformin", D), ("1000 mg", Q)]),
    ("She was switched from warfarin to apixaban 5 mg last spring.",
     [("warfarin", D), ("apixaban", D), ("5 mg", Q)]),
    ("No known drug allergies; tolerated amoxicillin well as a child.", [("amoxicillin", D)]),
    ("Lisinopril was increased to 20 mg because her blood pressure stayed high.",
     [("Lisinopril", D), ("20 mg", Q)]),
    ("Mr. Okafor stopped his atorvastatin after complaining of muscle aches.",
     [("atorvastatin", D)]),
    ("Gave 2 mg of lorazepam IV for the seizure.", [("2 mg", Q), ("lorazepam", D)]),
    ("Please pick up your prescription for sertraline 50 mg at the pharmacy.",
     [("sertraline", D), ("50 mg", Q)]),
    ("The child received paracetamol 15 mg/kg for fever.", [("paracetamol", D), ("15 mg/kg", Q)]),
    ("Prednisone 40 mg daily, tapering over two weeks.", [("Prednisone", D), ("40 mg", Q)]),
    ("He uses his salbutamol inhaler, 2 puffs, when short of breath.",
     [("salbutamol", D), ("2 puffs", Q)]),
    ("Dr. Haines prescribed omeprazole for the reflux.", [("omeprazole", D)]),
    ("Levothyroxine 75 mcg every morning on an empty stomach.",
     [("Levothyroxine", D), ("75 mcg", Q)]),
    ("Insulin glargine 18 units at bedtime; check sugars before breakfast.",
     [("Insulin glargine", D), ("18 units", Q)]),
    ("Her GP added amlodipine 5 mg to the lisinopril.",
     [("amlodipine", D), ("5 mg", Q), ("lisinopril", D)]),
    ("Took two tablets of Tylenol this morning, 500 mg each.", [("Tylenol", D), ("500 mg", Q)]),
    ("Started doxycycline 100 mg for the tick bite.", [("doxycycline", D), ("100 mg", Q)]),
    ("Allergic to penicillin: rash and swelling in 2015.", [("penicillin", D)]),
    ("Clopidogrel 75 mg was held before the procedure.", [("Clopidogrel", D), ("75 mg", Q)]),
    ("The nurse gave morphine 4 mg for breakthrough pain.", [("morphine", D), ("4 mg", Q)]),
    ("We discussed stopping simvastatin because of the interaction with clarithromycin.",
     [("simvastatin", D), ("clarithromycin", D)]),
    ("Furosemide 40 mg in the morning helped with the ankle swelling.",
     [("Furosemide", D), ("40 mg", Q)]),
    ("Blood pressure was fine today, so no changes to her medication.", []),
    ("Patient is on Eliquis and Jardiance, dose unchanged.", [("Eliquis", D), ("Jardiance", D)]),
    ("Ondansetron 4 mg as needed for nausea.", [("Ondansetron", D), ("4 mg", Q)]),
    ("He was admitted after an overdose of acetaminophen.", [("acetaminophen", D)]),
    ("Increase gabapentin to 300 mg three times daily.", [("gabapentin", D), ("300 mg", Q)]),
    ("Ceftriaxone 1 g IV once daily for five days.", [("Ceftriaxone", D), ("1 g", Q)]),
    ("The pharmacist recommended loratadine for her hay fever.", [("loratadine", D)]),
    ("Her asthma is controlled on Symbicort, 2 puffs twice daily.",
     [("Symbicort", D), ("2 puffs", Q)]),
    ("Citalopram 20 mg seems to be working, mood much better.", [("Citalopram", D), ("20 mg", Q)]),
    ("Aspirin 81 mg was continued after the stent.", [("Aspirin", D), ("81 mg", Q)]),
    ("Stop the naproxen, it is irritating your stomach.", [("naproxen", D)]),
    ("Methotrexate 15 mg once weekly with folic acid 5 mg.",
     [("Methotrexate", D), ("15 mg", Q), ("folic acid", D), ("5 mg", Q)]),
    ("The patient walked to the clinic and felt well.", []),
    ("Tramadol 50 mg was given at 3 am.", [("Tramadol", D), ("50 mg", Q)]),
    ("She takes vitamin D 1000 IU every day.", [("vitamin D", D), ("1000 IU", Q)]),
    ("We will trial pregabalin at 75 mg for the nerve pain.", [("pregabalin", D), ("75 mg", Q)]),
    ("Hydrochlorothiazide 12.5 mg was added in March.",
     [("Hydrochlorothiazide", D), ("12.5 mg", Q)]),
    ("Mother asks whether Calpol is safe with amoxicillin.", [("Calpol", D), ("amoxicillin", D)]),
    ("Cetirizine 10 mg at night for itching.", [("Cetirizine", D), ("10 mg", Q)]),
    ("Enoxaparin 40 mg subcutaneously for clot prevention.", [("Enoxaparin", D), ("40 mg", Q)]),
    ("Bisoprolol 2.5 mg was started after the heart attack.", [("Bisoprolol", D), ("2.5 mg", Q)]),
    ("He forgot his Ventolin at home again.", [("Ventolin", D)]),
    ("Fluoxetine 20 mg, review in six weeks.", [("Fluoxetine", D), ("20 mg", Q)]),
    ("The rash appeared two days after starting trimethoprim.", [("trimethoprim", D)]),
    ("Give diazepam 5 mg rectally if the seizure lasts more than five minutes.",
     [("diazepam", D), ("5 mg", Q)]),
    ("Losartan 50 mg replaced ramipril because of the cough.",
     [("Losartan", D), ("50 mg", Q), ("ramipril", D)]),
    ("Spironolactone 25 mg daily; recheck potassium next week.",
     [("Spironolactone", D), ("25 mg", Q)]),
    ("Codeine is not advised for children under twelve.", [("Codeine", D)]),
    ("Lansoprazole 30 mg before breakfast.", [("Lansoprazole", D), ("30 mg", Q)]),
    ("Sumatriptan 50 mg at the first sign of migraine.", [("Sumatriptan", D), ("50 mg", Q)]),
    ("The ward ran out of heparin overnight.", [("heparin", D)]),
    ("Valproate 500 mg twice daily, levels pending.", [("Valproate", D), ("500 mg", Q)]),
    ("He took 10 mg of melatonin to sleep on the flight.", [("10 mg", Q), ("melatonin", D)]),
    ("Azithromycin 500 mg on day one, then 250 mg for four days.",
     [("Azithromycin", D), ("500 mg", Q), ("250 mg", Q)]),
    ("Her Ozempic dose went up to 1 mg weekly.", [("Ozempic", D), ("1 mg", Q)]),
    ("Quetiapine 25 mg at night has helped with sleep.", [("Quetiapine", D), ("25 mg", Q)]),
    ("Patient declined the flu vaccine this year.", []),
    ("Mirtazapine 15 mg was started by the psychiatrist.", [("Mirtazapine", D), ("15 mg", Q)]),
    ("Check INR on Thursday; warfarin 3 mg until then.", [("warfarin", D), ("3 mg", Q)]),
    ("Colchicine 500 mcg twice daily for the gout flare.", [("Colchicine", D), ("500 mcg", Q)]),
    ("Tamsulosin 400 mcg at night for urinary symptoms.", [("Tamsulosin", D), ("400 mcg", Q)]),
    ("Dexamethasone 6 mg daily for ten days.", [("Dexamethasone", D), ("6 mg", Q)]),
    ("Patient keeps an EpiPen for her peanut allergy.", [("EpiPen", D)]),
    ("Allopurinol 100 mg, increase slowly.", [("Allopurinol", D), ("100 mg", Q)]),
    ("Nitrofurantoin 100 mg twice a day for the bladder infection.",
     [("Nitrofurantoin", D), ("100 mg", Q)]),
    ("The physiotherapist suggested gentle stretching every morning.", []),
    ("Venlafaxine 75 mg was reduced to 37.5 mg because of sweating.",
     [("Venlafaxine", D), ("75 mg", Q), ("37.5 mg", Q)]),
    ("Give ketamine 0.5 mg/kg before the reduction.", [("ketamine", D), ("0.5 mg/kg", Q)]),
    ("Oxycodone 5 mg every four hours as needed.", [("Oxycodone", D), ("5 mg", Q)]),
    ("Metoprolol 25 mg twice daily, heart rate now 72.", [("Metoprolol", D), ("25 mg", Q)]),
    ("She stopped the pill and started Depo-Provera.", [("Depo-Provera", D)]),
    ("Rivaroxaban 20 mg with food.", [("Rivaroxaban", D), ("20 mg", Q)]),
    ("Terbinafine 250 mg for the nail infection, six weeks.", [("Terbinafine", D), ("250 mg", Q)]),
    ("Labetalol 200 mg was given for pre-eclampsia.", [("Labetalol", D), ("200 mg", Q)]),
    ("Topical hydrocortisone 1% on the rash twice daily.", [("hydrocortisone", D), ("1%", Q)]),
    ("Nicotine patch 21 mg to help him quit smoking.", [("Nicotine patch", D), ("21 mg", Q)]),
    ("Vancomycin 1.5 g IV every twelve hours.", [("Vancomycin", D), ("1.5 g", Q)]),
    ("Lithium levels were checked after the dose change.", [("Lithium", D)]),
    ("Risperidone 1 mg at bedtime for agitation.", [("Risperidone", D), ("1 mg", Q)]),
    ("Empagliflozin 10 mg was added to metformin.",
     [("Empagliflozin", D), ("10 mg", Q), ("metformin", D)]),
    ("Digoxin 125 mcg daily; watch for nausea.", [("Digoxin", D), ("125 mcg", Q)]),
    ("Mrs. Patel brought all her tablets to the appointment.", []),
    ("Fentanyl 25 mcg/hr patch changed every 72 hours.", [("Fentanyl", D), ("25 mcg/hr", Q)]),
    ("Montelukast 10 mg in the evening for asthma.", [("Montelukast", D), ("10 mg", Q)]),
    ("Haloperidol 2 mg IM was given for delirium.", [("Haloperidol", D), ("2 mg", Q)]),
    ("Baclofen 10 mg three times a day for spasticity.", [("Baclofen", D), ("10 mg", Q)]),
    ("We prescribed Augmentin for the sinus infection.", [("Augmentin", D)]),
    ("Finasteride 5 mg daily for prostate enlargement.", [("Finasteride", D), ("5 mg", Q)]),
    ("Propranolol 10 mg before exams for anxiety.", [("Propranolol", D), ("10 mg", Q)]),
    ("Zopiclone 7.5 mg was stopped after a fall.", [("Zopiclone", D), ("7.5 mg", Q)]),
    ("Clindamycin 300 mg four times a day.", [("Clindamycin", D), ("300 mg", Q)]),
    ("Tirzepatide 2.5 mg weekly, titrate monthly.", [("Tirzepatide", D), ("2.5 mg", Q)]),
    ("Amitriptyline 10 mg at night for the headaches.", [("Amitriptyline", D), ("10 mg", Q)]),
    ("The clinic is closed on public holidays.", []),
    ("Magnesium sulfate 4 g IV over twenty minutes.", [("Magnesium sulfate", D), ("4 g", Q)]),
    ("Patient takes Lipitor and Norvasc.", [("Lipitor", D), ("Norvasc", D)]),
    ("Carbamazepine 200 mg twice daily for trigeminal neuralgia.",
     [("Carbamazepine", D), ("200 mg", Q)]),
    ("Potassium chloride 20 mmol was added to the drip.",
     [("Potassium chloride", D), ("20 mmol", Q)]),
    ("He prefers Advil over Tylenol for back pain.", [("Advil", D), ("Tylenol", D)]),
    ("Donepezil 5 mg was started for memory problems.", [("Donepezil", D), ("5 mg", Q)]),
    ("Please take 1 g of cefalexin every eight hours.", [("1 g", Q), ("cefalexin", D)]),
    ("Adalimumab 40 mg every other week for Crohn's disease.",
     [("Adalimumab", D), ("40 mg", Q)]),
    ("Sildenafil 50 mg as needed.", [("Sildenafil", D), ("50 mg", Q)]),
    ("Budesonide 400 mcg inhaled twice daily.", [("Budesonide", D), ("400 mcg", Q)]),
    ("Her son collects the repeat prescriptions on Fridays.", []),
]


def records() -> list[dict[str, object]]:
    """The sentences with character offsets of each entity."""
    out = []
    for text, entities in SENTENCES:
        spans, cursor = [], {}
        for span, label in entities:
            start = text.index(span, cursor.get(span, 0))
            cursor[span] = start + len(span)
            spans.append({"start": start, "end": start + len(span), "label": label,
                          "text": span})
        out.append({"text": text, "entities": sorted(spans, key=lambda s: s["start"])})
    return out


if __name__ == "__main__":
    path = Path(__file__).with_name("medications") / "test.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    print(f"wrote {len(SENTENCES)} sentences to {path}")
