"""Language identification for 176 languages with a 0.9 MB fastText model."""

import taskzoo as tz

for text in ["bonjour tout le monde", "Wie spät ist es?", "¿Dónde está la estación?", "今日は"]:
    result = tz.langid(text)
    print(f"{result.label}  {result.score:.2f}  {text}")

print("top 3:", tz.langid("Ik woon in Antwerpen", k=3))
print("blank text:", tz.langid(""))
