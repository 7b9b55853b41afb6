"""Spam and scam detection for emails and short messages, with an adjustable threshold.

    python examples/spam.py
"""

import taskzoo as tz

messages = [
    "Your parcel is on hold: pay the £1.99 redelivery fee at evri-redeliver.info",
    "running 10 min late, order me a coffee?",
    "Hi mum, I broke my phone, this is my new number. Can you send me £200 for rent?",
]
for text, result in zip(messages, tz.spam(messages, scores=True), strict=True):
    print(f"{result.label:4} p(spam)={result.scores['spam']:.2f}  {text}")

# The card's operating threshold was chosen on validation data; be stricter per call (spam
# only when p(spam) >= 0.95; score stays the probability of the label returned):
print(tz.spam(messages[2], threshold=0.95))

clf = tz.load("spam")
print(clf.load().threshold, clf.card.metrics)
