"""Sentiment in three lines, then the options: all class scores, a faster model, batches.

    python examples/sentiment.py
"""

import taskzoo as tz

print(tz.sentiment("I loved every minute of it"))
print(tz.sentiment(["The plot made no sense.", "Great value, works perfectly."], scores=True))

fast = tz.load("sentiment", model="fasttext-rt")  # ~10,000+ texts/s, less accurate
reviews = ["stunning", "a waste of time", "better than I expected", ""]
for review, result in zip(reviews, fast.stream(reviews, batch_size=64), strict=True):
    print(f"{result.label:8} {result.score:.2f}  {review!r}")  # blank text -> neutral, 0.0

print([card.name for card in tz.models("sentiment")])
