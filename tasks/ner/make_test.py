"""Write tasks/ner/test.jsonl: hand-written English sentences with gold entity spans.

The sentences were written for this project (no corpus text). Entity types follow the OntoNotes
names spaCy uses, restricted to PERSON, ORG, GPE (countries, cities, states) and DATE. Offsets are
computed here from the entity strings (each occurrence taken left to right), so the file stays
consistent. Run: python tasks/ner/make_test.py
"""

from __future__ import annotations

import json
from pathlib import Path

SENTENCES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Maria Lopez joined Siemens in Munich in 2019.",
     [("Maria Lopez", "PERSON"), ("Siemens", "ORG"), ("Munich", "GPE"), ("2019", "DATE")]),
    ("The mayor of Chicago met Tim Cook on Tuesday.",
     [("Chicago", "GPE"), ("Tim Cook", "PERSON"), ("Tuesday", "DATE")]),
    ("Toyota opened a new plant in Kentucky last year.",
     [("Toyota", "ORG"), ("Kentucky", "GPE"), ("last year", "DATE")]),
    ("Angela Merkel was born in Hamburg.", [("Angela Merkel", "PERSON"), ("Hamburg", "GPE")]),
    ("Netflix reported strong growth in Brazil and India.",
     [("Netflix", "ORG"), ("Brazil", "GPE"), ("India", "GPE")]),
    ("On March 3, 2021, Oxfam sent aid workers to Yemen.",
     [("March 3, 2021", "DATE"), ("Oxfam", "ORG"), ("Yemen", "GPE")]),
    ("Serena Williams won her first title in 1999.",
     [("Serena Williams", "PERSON"), ("1999", "DATE")]),
    ("The United Nations held a summit in Nairobi.",
     [("The United Nations", "ORG"), ("Nairobi", "GPE")]),
    ("I bought my laptop from Amazon on Friday.", [("Amazon", "ORG"), ("Friday", "DATE")]),
    ("Pablo Picasso spent many years in France.",
     [("Pablo Picasso", "PERSON"), ("France", "GPE")]),
    ("Elon Musk said Tesla would build a factory near Berlin.",
     [("Elon Musk", "PERSON"), ("Tesla", "ORG"), ("Berlin", "GPE")]),
    ("The train from Paris to London takes about two hours.",
     [("Paris", "GPE"), ("London", "GPE")]),
    ("Greenpeace protested outside the Shell offices in Rotterdam.",
     [("Greenpeace", "ORG"), ("Shell", "ORG"), ("Rotterdam", "GPE")]),
    ("My sister moved to Canada in January.", [("Canada", "GPE"), ("January", "DATE")]),
    ("Barack Obama visited Kenya in 2015.",
     [("Barack Obama", "PERSON"), ("Kenya", "GPE"), ("2015", "DATE")]),
    ("Google and Microsoft both invested in the startup.",
     [("Google", "ORG"), ("Microsoft", "ORG")]),
    ("The weather was lovely and we stayed in the garden all afternoon.", []),
    ("Lionel Messi signed with Inter Miami in 2023.",
     [("Lionel Messi", "PERSON"), ("Inter Miami", "ORG"), ("2023", "DATE")]),
    ("Harvard University announced new scholarships on Monday.",
     [("Harvard University", "ORG"), ("Monday", "DATE")]),
    ("Frida Kahlo painted in Mexico City.", [("Frida Kahlo", "PERSON"), ("Mexico City", "GPE")]),
    ("Samsung shipped fewer phones to Japan this quarter.",
     [("Samsung", "ORG"), ("Japan", "GPE"), ("this quarter", "DATE")]),
    ("Please send the report to Priya Patel before Thursday.",
     [("Priya Patel", "PERSON"), ("Thursday", "DATE")]),
    ("The Red Cross opened a shelter in Texas after the storm.",
     [("The Red Cross", "ORG"), ("Texas", "GPE")]),
    ("Nelson Mandela became president of South Africa in 1994.",
     [("Nelson Mandela", "PERSON"), ("South Africa", "GPE"), ("1994", "DATE")]),
    ("We cooked pasta and watched a film together.", []),
    ("Airbus delivered its first jet to Qantas in December.",
     [("Airbus", "ORG"), ("Qantas", "ORG"), ("December", "DATE")]),
    ("Marie Curie studied in Warsaw before moving to Paris.",
     [("Marie Curie", "PERSON"), ("Warsaw", "GPE"), ("Paris", "GPE")]),
    ("The World Bank approved a loan for Ghana.", [("The World Bank", "ORG"), ("Ghana", "GPE")]),
    ("Jeff Bezos founded Amazon in 1994.",
     [("Jeff Bezos", "PERSON"), ("Amazon", "ORG"), ("1994", "DATE")]),
    ("Our flight to Singapore leaves on Sunday.", [("Singapore", "GPE"), ("Sunday", "DATE")]),
    ("Taylor Swift performed three nights in Sydney.",
     [("Taylor Swift", "PERSON"), ("Sydney", "GPE")]),
    ("Nike hired a new designer from Adidas.", [("Nike", "ORG"), ("Adidas", "ORG")]),
    ("The festival takes place in Edinburgh every August.",
     [("Edinburgh", "GPE"), ("every August", "DATE")]),
    ("Ahmed Hassan works for the BBC in Cairo.",
     [("Ahmed Hassan", "PERSON"), ("BBC", "ORG"), ("Cairo", "GPE")]),
    ("Spotify moved its headquarters to Stockholm in 2008.",
     [("Spotify", "ORG"), ("Stockholm", "GPE"), ("2008", "DATE")]),
    ("The cat slept on the warm windowsill.", []),
    ("Emmanuel Macron spoke with Justin Trudeau about Ukraine.",
     [("Emmanuel Macron", "PERSON"), ("Justin Trudeau", "PERSON"), ("Ukraine", "GPE")]),
    ("IKEA will open a store in Seoul next spring.",
     [("IKEA", "ORG"), ("Seoul", "GPE"), ("next spring", "DATE")]),
    ("Ada Lovelace wrote about the engine in 1843.",
     [("Ada Lovelace", "PERSON"), ("1843", "DATE")]),
    ("Volkswagen recalled cars sold in Italy and Spain.",
     [("Volkswagen", "ORG"), ("Italy", "GPE"), ("Spain", "GPE")]),
]


def records(
    sentences: list[tuple[str, list[tuple[str, str]]]] = SENTENCES,
) -> list[dict[str, object]]:
    """The sentences with character offsets of each entity (each occurrence left to right)."""
    out = []
    for text, entities in sentences:
        spans, cursor = [], {}
        for span, label in entities:
            start = text.index(span, cursor.get(span, 0))
            cursor[span] = start + len(span)
            spans.append({"start": start, "end": start + len(span), "label": label,
                          "text": span})
        out.append({"text": text, "entities": sorted(spans, key=lambda s: s["start"])})
    return out


if __name__ == "__main__":
    path = Path(__file__).with_name("test.jsonl")
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), encoding="utf-8")
    print(f"wrote {len(SENTENCES)} sentences to {path}")
