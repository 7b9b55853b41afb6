"""Sentence embeddings: vectors, similarity and a tiny semantic search."""

import taskzoo as tz

vectors = tz.embed(["a cat", "a kitten", "quarterly earnings"])
print("shape:", vectors.shape, vectors.dtype)
print("similarity(cat, kitten):", round(tz.similarity("a cat", "a kitten"), 3))

faq = [
    "How do I reset my password?",
    "Where can I download my invoices?",
    "How do I cancel my subscription?",
    "Can I change the email address on my account?",
]
for index, score in tz.search("I forgot my login", faq, k=2):
    print(f"{score:.3f}  {faq[index]}")
