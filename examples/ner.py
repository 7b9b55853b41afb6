"""Named entities with spaCy's small English model; offsets index the input text."""

import taskzoo as tz

text = "Tim Cook visited Paris in May to meet Emmanuel Macron at the Élysée Palace."
for ent in tz.ner(text):
    print(f"{ent.label:10} {ent.text!r:28} [{ent.start}:{ent.end}]")

# Many texts at once go through spaCy's nlp.pipe in batches:
for ents in tz.ner(["Apple opened a store in Mumbai.", "Nothing to see here."]):
    print([(e.text, e.label) for e in ents])
