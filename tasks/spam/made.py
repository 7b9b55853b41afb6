# ruff: noqa: E501 (message templates read best on one line)
"""Made short messages: templates with slot filling for what the 2011 SMS and 2002 email corpora
miss (delivery/toll/bank/tax phishing, crypto and investment pitches, job scams, impersonation)
plus everyday chat, notifications and work messages as ham.

Written for taskzoo independently of the check set in tests/data (no sentence is shared; the
de-duplication in data.py also drops any exact overlap). Deterministic for a given seed.
"""

from __future__ import annotations

import random
import string

SLOTS: dict[str, list[str]] = {
    "courier": ["Evri", "Hermes", "UPS", "Canada Post", "PostNL", "Australia Post", "GLS",
                "Yodel", "DPD", "An Post", "La Poste", "Parcelforce"],
    "bank": ["Santander", "Lloyds", "NatWest", "Bank of America", "Citi", "Monzo", "Revolut",
             "TD Bank", "Capital One", "Halifax", "ING", "Nationwide"],
    "brand": ["Spotify", "Disney+", "PayPal", "eBay", "Amazon Prime", "iCloud", "Google",
              "Facebook", "WhatsApp", "TikTok", "Binance", "Kraken"],
    "tax": ["Tax Office", "CRA", "ATO", "Revenue Service", "Tax Department", "DVLA"],
    "coin": ["ETH", "SOL", "DOGE", "XRP", "BTC", "USDT", "PEPE"],
    "money": ["$2.99", "£1.45", "€2.10", "$1.75", "£3.00", "$4.50", "€0.99"],
    "big": ["$3,500", "£5,000", "$12,000", "€8,750", "$25,000", "£1,500"],
    "domain": ["secure-check", "account-review", "verify-now", "help-centre", "update-info",
               "billing-fix", "id-confirm", "parcel-track", "refund-desk", "pay-portal"],
    "tld": [".com", ".info", ".co", ".top", ".xyz", ".net", ".online", ".site", ".live"],
    "name": ["Anna", "Mike", "Sophie", "Tom", "Priya", "Jake", "Chloe", "Omar", "Lucy", "Ben",
             "Grace", "Dan", "Zoe", "Sam", "Ella", "Raj", "Kate", "Leo"],
    "place": ["the pub", "Nando's", "the park", "the library", "the office", "the station",
              "the gym", "mum's", "the cinema", "the school gate", "the market"],
    "time": ["6", "7:30", "noon", "half 8", "10ish", "after work", "tonight", "tomorrow morning",
             "at lunch", "3pm"],
    "food": ["pizza", "tacos", "curry", "sushi", "pasta", "a roast", "burgers", "noodles"],
    "thing": ["charger", "jacket", "keys", "laptop", "headphones", "umbrella", "wallet", "book"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "shop": ["Tesco", "Target", "Costco", "Lidl", "Walgreens", "CVS", "Sainsbury's", "Aldi"],
    "emoji": ["", "", "", " 😊", " 👍", " 😂", " ❤️", " 🙏", " lol", " xx"],
}

SPAM = [
    "{courier}: your parcel is waiting for a delivery fee of {money}. Pay now at {url}",
    "{courier} could not deliver your item (ref {ref}). Reschedule today: {url}",
    "Your {courier} parcel has been returned to the depot. Confirm your address within 12 hours {url}",
    "{bank}: a payment of {big} is pending approval. If this was not you, secure your account {url}",
    "{bank} ALERT: your card has been frozen after suspicious activity. Unlock it here {url}",
    "{bank}: new device login from {city}. Not you? Verify your identity now {url}",
    "{brand}: your subscription payment failed. Update your card details to keep your account {url}",
    "{brand} security: your account will be closed today unless you confirm your details {url}",
    "{tax}: you are owed a refund of {money2}. Claim it online before {day}: {url}",
    "{tax} FINAL WARNING: outstanding balance on your record. Pay now to avoid legal action {url}",
    "Outstanding road toll of {money} on your vehicle. Pay by {day} to avoid a penalty: {url}",
    "Hi mum it's me, this is my new number, my old phone broke. Can you message me on WhatsApp{emoji}",
    "Hey dad, new number! Can you help me with a payment today? I'll explain later{emoji}",
    "Hi {name}? Long time no see! Is this still your number? I have a business idea for you",
    "Oops, wrong number sorry! You sound kind though, mind if we chat? I trade {coin} for a living",
    "Remote job offer: {hours} hours a day from your phone, earn {pay} per day. Reply 1 to learn more",
    "We found your CV online. Part-time online role, {pay}/day, no experience needed. WhatsApp {phone}",
    "Hiring now! Like videos and rate apps from home, paid {pay} daily. Contact our HR on Telegram",
    "{coin} signals group: members made {pct}% this week. Join free before it fills up {url}",
    "New {coin} airdrop live! Connect your wallet to claim {big} in tokens {url}",
    "Your {brand} wallet needs re-verification. Enter your 12-word phrase to avoid losing funds {url}",
    "Invest {money3} today and receive {big} in 48 hours. Guaranteed returns, fully licensed broker",
    "CONGRATULATIONS! You are today's lucky winner of a {prize}. Claim at {url}",
    "You have been chosen to receive a {prize}. Reply YES to claim, only pay delivery",
    "{shop} customer reward: complete our quick survey and get a {money3} voucher {url}",
    "URGENT! You have won a {big} cash prize. Call {phone} now to claim. T&C apply",
    "Free msg: you have {n} new voicemails from a secret admirer. Call {phone} to listen",
    "Pre-approved loan of {big}, bad credit OK, money in your account today. Apply {url}",
    "Claim {n}00 free spins and a {pct}% deposit match, play now at {url}. 18+",
    "Your {brand} code is {code}. Did not request it? Reply with the code so we can cancel",
    "Someone tried to use your {brand} account. Call our fraud team on {phone} immediately",
    "SALE SALE SALE! Up to {pct}% off everything for the next {hours} hours only {url}",
    "Lose {n} kilos in a week, doctors hate this trick! Order now {url}",
    "Dear friend, I need your assistance to move {big} out of the country. You will get {pct}%",
    "Your device is infected. Call {brand} support on {phone} or your data will be lost",
    "Your number has been entered into our {day} draw for a {prize}. Text WIN to {short}",
]

HAM = [
    "Are you still coming to {place} at {time}?{emoji}",
    "I'm at {place}, where are you?",
    "Running late, be there by {time}{emoji}",
    "Can you pick up some {food} on the way home?",
    "Fancy {food} tonight?{emoji}",
    "Have you seen my {thing}? I think I left it at yours",
    "Thanks for dinner {name}, it was lovely{emoji}",
    "{name} says hi! we're at {place}",
    "Don't forget it's {name}'s birthday on {day}",
    "Just got home, knackered. Talk tomorrow?",
    "How did the interview go??",
    "Is the meeting still on for {day}?",
    "Can we push our call to {time}? something came up",
    "Sent you the slides, let me know what you think",
    "The build is green again, merged the fix",
    "I'll be working from home on {day}",
    "Your order from {shop} is ready for collection.",
    "Your {courier} parcel was delivered to your safe place at {time}.",
    "{bank}: you sent {money} to {name}. Reference: dinner",
    "Your {brand} login code is {code}. It expires in 10 minutes. Never share it.",
    "Reminder: your appointment is on {day} at {time}. Reply to cancel.",
    "Hey {name}, can I borrow your {thing} this weekend?",
    "haha no way, that's brilliant{emoji}",
    "ok see you at {time}",
    "Can you call me back? It's about {day}",
    "The kids loved the {food}, thanks for making it",
    "I've paid you back for the tickets{emoji}",
    "Who's bringing the {food} to {place}?",
    "Train's delayed again, ugh. Should be in by {time}",
    "Good morning! Hope you slept well{emoji}",
    "Did you remember to lock the back door?",
    "On my way{emoji}",
    "What do you want for your birthday?",
    "I got the tickets for {day}!! so excited",
    "Can you send me {name}'s number?",
    "The landlord said the boiler will be fixed on {day}",
    "Weather looks awful on {day}, shall we move the picnic?",
    "Let me know when you've landed safe",
    "I'll transfer you my half of the {food} later",
    "Match is cancelled on {day}, pitch is flooded",
]

PRIZES = ["iPad Air", "£500 Tesco gift card", "brand new MacBook", "holiday for two",
          "$1000 Visa card", "PlayStation 5", "Dyson hairdryer", "free cruise"]
CITIES = ["Lagos", "Moscow", "São Paulo", "Jakarta", "Kyiv", "Manila", "Istanbul", "Unknown"]


def _fill(template: str, rng: random.Random) -> str:
    def pick(key: str) -> str:
        return rng.choice(SLOTS[key])

    url = f"https://{pick('brand').lower().split()[0].replace('+', '')}-{pick('domain')}{pick('tld')}"
    if rng.random() < 0.3:
        url = "bit.ly/" + "".join(rng.choices(string.ascii_letters + string.digits, k=7))
    values = {key: pick(key) for key in SLOTS}
    values.update(
        url=url, ref="".join(rng.choices(string.digits, k=9)), city=rng.choice(CITIES),
        money2=f"£{rng.randint(80, 900)}.{rng.randint(0, 99):02d}",
        money3=f"${rng.choice([50, 100, 200, 250, 500])}",
        hours=str(rng.randint(1, 3)), pay=f"${rng.randint(2, 9)}00", pct=str(rng.choice([30, 50, 70, 80, 200, 300])),
        phone=f"+{rng.choice(['44 7', '1 8', '63 9', '234 8'])}{rng.randint(100000000, 999999999)}",
        prize=rng.choice(PRIZES), n=str(rng.randint(2, 9)),
        code="".join(rng.choices(string.digits, k=6)), short=str(rng.randint(60000, 89999)),
    )
    text = template.format(**values)
    if rng.random() < 0.15:  # some senders shout
        text = text.upper()
    return text


def generate(seed: int = 0, per_template: int = 18) -> tuple[list[str], list[str]]:
    """Return ``(texts, labels)``: ``per_template`` fills of every spam and ham template."""
    rng = random.Random(seed)
    texts, labels = [], []
    for templates, label in ((SPAM, "spam"), (HAM, "ham")):
        for template in templates:
            for _ in range(per_template):
                texts.append(_fill(template, rng))
                labels.append(label)
    return texts, labels
