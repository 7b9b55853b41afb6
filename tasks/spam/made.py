# ruff: noqa: E501 (message templates read best on one line)
"""Made short messages: templates with slot filling for what the 2011 SMS and 2002 email corpora
miss, plus everyday chat, notifications and work messages as ham.

Spam covers delivery/customs/toll/fine/tax/utility phishing, bank, Apple ID, Microsoft and
subscription-renewal scams (Netflix, Norton, McAfee, Geek Squad), "hi mum" and boss gift-card
impersonation, fake recruiters and task/"optimisation" job scams, wrong-number (pig-butchering)
openers in many voices, romance and adult bait, crypto investment and recovery scams, fake charity,
grant and stimulus appeals, loans and debt relief, casino and betting promos, SEO/web-design cold
pitches, insurance and warranty robotexts, political-donation blasts and unsolicited marketing.

Ham covers casual chat in many registers (slang, lowercase, abbreviations, emojis), family and
group-chat logistics, jokes, complaints, work chat (standups, reviews, deploys, shifts), club and
school announcements, and legitimate notifications that look superficially like spam (one-time
codes, card-spend and bank alerts, delivery, ride and food updates, pharmacy, appointment, flight
and outage notices) as well as benign uses of spammy words ("we won", "free pizza", "urgent").

A fraction of fills of both classes gets light, realistic noise (lowercasing, shouting, dropped
final punctuation and apostrophes, text-speak, a typo, an extra emoji) so that case and punctuation
are not label cues; shouting is more common in spam but also occurs in ham.

Written for taskzoo independently of the check set in tests/data (no sentence is shared; the
de-duplication in data.py also drops any exact overlap). Deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
import string

SLOTS: dict[str, list[str]] = {
    "courier": ["Evri", "Hermes", "UPS", "Canada Post", "PostNL", "Australia Post", "GLS",
                "Yodel", "DPD", "An Post", "La Poste", "Parcelforce", "USPS", "Royal Mail",
                "FedEx", "DHL", "InPost", "Correos"],
    "bank": ["Santander", "Lloyds", "NatWest", "Bank of America", "Citi", "Monzo", "Revolut",
             "TD Bank", "Capital One", "Halifax", "ING", "Nationwide", "Barclays", "Chase",
             "Wells Fargo", "Starling", "HSBC", "N26"],
    "brand": ["Spotify", "Disney+", "PayPal", "eBay", "Amazon Prime", "iCloud", "Google",
              "Facebook", "WhatsApp", "TikTok", "Binance", "Kraken", "Instagram", "Coinbase",
              "Steam", "Snapchat"],
    "tax": ["Tax Office", "CRA", "ATO", "Revenue Service", "Tax Department", "DVLA", "HMRC", "IRS"],
    "coin": ["ETH", "SOL", "DOGE", "XRP", "BTC", "USDT", "PEPE"],
    "money": ["$2.99", "£1.45", "€2.10", "$1.75", "£3.00", "$4.50", "€0.99", "£2.49", "$3.20"],
    "big": ["$3,500", "£5,000", "$12,000", "€8,750", "$25,000", "£1,500", "$7,200", "£950"],
    "domain": ["secure-check", "account-review", "verify-now", "help-centre", "update-info",
               "billing-fix", "id-confirm", "parcel-track", "refund-desk", "pay-portal",
               "redelivery", "claim-online", "support-case", "gov-pay"],
    "tld": [".com", ".info", ".co", ".top", ".xyz", ".net", ".online", ".site", ".live", ".icu",
            ".cc", ".vip"],
    "name": ["Anna", "Mike", "Sophie", "Tom", "Priya", "Jake", "Chloe", "Omar", "Lucy", "Ben",
             "Grace", "Dan", "Zoe", "Sam", "Ella", "Raj", "Kate", "Leo", "Aisha", "Wei", "Mateo",
             "Yuki", "Olu", "Fatima", "Ngozi", "Sven", "Inés", "Kenji", "Dmitri", "Thandi",
             "Arjun", "Siobhan", "Mei", "Kofi", "Zeynep", "Björn", "Anika", "Tariq", "Marek",
             "Chidi", "Hana", "Lars", "Camila", "Nikos"],
    "surname": ["Patel", "Nguyen", "Okafor", "Garcia", "Kowalski", "Smith", "Müller", "Tanaka",
                "O'Brien", "Haddad", "Johansson", "Rossi", "Kim", "Singh", "Mensah", "Dubois"],
    "kid": ["Mia", "Noah", "Isla", "Aarav", "Amara", "Finn", "Layla", "Yusuf", "Ruby", "Kai",
            "Maya", "Luca"],
    "relative": ["mum", "dad", "nan", "grandad", "my sister", "my brother", "auntie Sue",
                 "uncle Dev", "my mum", "grandma"],
    "place": ["the pub", "Nando's", "the park", "the library", "the office", "the station",
              "the gym", "mum's", "the cinema", "the school gate", "the market", "the café",
              "the beach", "Sara's flat", "the usual spot", "the food court"],
    "time": ["6", "7:30", "noon", "half 8", "10ish", "3pm", "quarter past 6", "5:45", "9 sharp",
             "8ish", "11"],
    "when": ["after work", "tonight", "tomorrow morning", "lunch", "dinner", "the school run",
             "my shift"],
    "clock": ["9:15", "10:30am", "14:00", "2:45pm", "16:20", "8am", "11:45", "17:30", "4:05pm",
              "13:10", "6:50am", "12:00"],
    "food": ["pizza", "tacos", "curry", "sushi", "pasta", "a roast", "burgers", "noodles",
             "jollof", "pho", "dumplings", "kebabs", "ramen", "falafel wraps"],
    "thing": ["charger", "jacket", "keys", "laptop", "headphones", "umbrella", "wallet", "book",
              "hoodie", "water bottle", "Switch", "drill", "bike lock"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "shop": ["Tesco", "Target", "Costco", "Lidl", "Walgreens", "CVS", "Sainsbury's", "Aldi",
             "Walmart", "Boots", "Asda", "Kmart", "IKEA", "Argos"],
    "merchant": ["Pret", "Starbucks", "Shell", "Amazon", "Greggs", "Tesco Express", "Steam",
                 "IKEA", "Trainline", "Zara", "Uber", "Deliveroo", "Apple.com/bill", "Costa"],
    "emoji": ["", "", "", " 😊", " 👍", " 😂", " ❤️", " 🙏", " lol", " xx", " 😅", " 🙌"],
    "sport": ["football", "netball", "swimming", "rugby", "hockey", "basketball", "cricket",
              "gymnastics", "karate", "dance"],
    "match": ["the match", "the game", "the final", "the derby", "the grand prix", "the cricket",
              "the darts", "the semi"],
    "game": ["five-a-side", "poker", "the pub quiz", "padel", "Mario Kart", "board games",
             "badminton", "bowling"],
    "team": ["the U11s", "the under 14s", "the 1st XI", "the women's team", "the vets",
             "the Tuesday squad", "the juniors"],
    "role": ["product manager", "data analyst", "staff nurse", "junior developer",
             "teaching assistant", "marketing lead", "sous chef", "site manager", "paralegal"],
    "service": ["auth-service", "the payments API", "checkout", "the mobile app", "billing",
                "search", "the dashboard", "the ingest job", "notifications"],
    "isp": ["Virgin Media", "BT", "Comcast", "Vodafone", "Sky", "Spectrum", "Telstra", "Xfinity"],
    "utility": ["British Gas", "PG&E", "Con Edison", "EDF", "Octopus Energy", "Thames Water",
                "Duke Energy", "Hydro One", "Eskom", "Origin Energy"],
    "ride": ["Uber", "Bolt", "Lyft", "FreeNow", "Grab", "Careem"],
    "food_app": ["Deliveroo", "Uber Eats", "DoorDash", "Just Eat", "Glovo", "Grubhub", "Wolt"],
    "car": ["grey Toyota Prius", "white Kia Niro", "black Skoda Octavia", "silver Honda Civic",
            "blue Tesla Model 3", "red VW Golf"],
    "pharmacy": ["Boots", "CVS Pharmacy", "Walgreens", "Lloyds Pharmacy", "Shoppers Drug Mart",
                 "Superdrug", "Rite Aid"],
    "clinic": ["the surgery", "Riverside Dental", "Parkview Medical", "the eye clinic",
               "Northside Physio", "the vet"],
    "restaurant": ["Dishoom", "Wagamama", "Zizzi", "Luigi's", "Bao House", "Olive Tree",
                   "Casa Lola"],
    "dest": ["Lisbon", "Dublin", "New York", "Berlin", "Toronto", "Malaga", "Edinburgh",
             "Singapore", "Lagos", "Mumbai", "Kraków", "Nairobi"],
    "recruiter": ["Lisa", "Emily", "Jessica", "Amy", "Sarah", "Linda", "Vivian", "Cindy",
                  "Jennifer", "Rachel", "Mia", "Olivia"],
    "agency": ["Adecco", "Randstad", "Hays", "TalentBridge", "Indeed", "Robert Walters",
               "GlobalHire", "Michael Page", "JobStreet", "Shopee", "Temu", "Amazon"],
    "boss": ["David", "Richard Hale", "Sandra (CEO)", "Mr Patel", "Paul", "Fiona", "Mark Jensen",
             "Karen", "the MD"],
    "giftcard": ["Apple", "Google Play", "Steam", "Amazon", "Razer Gold", "Sephora", "eBay"],
    "disaster": ["earthquake", "flood", "wildfire", "hurricane", "typhoon", "landslide"],
    "bookie": ["BetKing", "SpinVault", "LuckyStreak Casino", "Goal365", "RoyalSpins", "Stakely",
               "JackpotCity"],
    "candidate": ["Team Reyes", "Senator Miller", "the Holt campaign", "Governor Banks",
                  "Friends of Dana Ortiz", "the Carter 2026 team"],
    "av": ["Norton", "McAfee", "Geek Squad", "Norton 360", "McAfee LiveSafe", "Avast",
           "Norton LifeLock"],
    "stream": ["Netflix", "Disney+", "Hulu", "Prime Video", "Apple TV+", "Paramount+", "HBO Max"],
    "doc": ["slides", "deck", "draft", "spreadsheet", "notes", "mockups", "proposal", "budget",
            "wireframes"],
    "partofday": ["morning", "afternoon", "evening", "day"],
    "org": ["acme", "platform-team", "ourco", "data-eng"],
    "repo": ["api", "web", "infra", "mobile-app", "pipelines"],
    "fine": ["parking", "speeding", "bus lane", "congestion charge", "ULEZ", "red light"],
    "gov": ["Traffic Enforcement", "DMV", "Highway Patrol", "City Parking Services", "RTA",
            "Road Safety Unit"],
}

SPAM = [
    # delivery, customs, tolls, fines, tax, utilities
    "{courier}: your parcel is waiting for a delivery fee of {money}. Pay now at {url}",
    "{courier} could not deliver your item (ref {ref}). Reschedule today: {url}",
    "Your {courier} parcel has been returned to the depot. Confirm your address within 12 hours {url}",
    "{courier} Customs: import duty of {money} is due on shipment {tracking} before it can be released. Settle it here {url}",
    "Your international package is being held at customs. Outstanding VAT {money} must be paid within 48h or it goes back to the sender: {url}",
    "We missed you today! Our driver tried to deliver at {clock}. Pick a new slot for your {courier} parcel at {url} to avoid a return fee.",
    "{courier}: Tracking no. {tracking} - delivery attempt failed due to an incomplete address. Please update it at {url} within 24 hours.",
    "Your package is on hold. Please update your address information within 24 hrs to avoid it being returned {url}",
    "The package arrived at our warehouse but cannot be delivered due to incomplete address information. Please confirm your address in the link within 12 hours. {url} (Please reply Y, then exit the SMS and open it again to activate the link)",
    "Outstanding road toll of {money} on your vehicle. Pay by {day} to avoid a penalty: {url}",
    "PCN notice: an unpaid {fine} fine of {fee} is registered to your vehicle. Pay at {url} within 7 days to avoid court action.",
    "{gov}: you were recorded doing {speed} in a {limit} zone on {day}. View the photo and pay your fine at {url} within 14 days.",
    "Final notice: your parking charge remains unpaid and will double on {day}. Avoid enforcement agents, pay now {url}",
    "{tax}: you are owed a refund of {money2}. Claim it online before {day}: {url}",
    "{tax} FINAL WARNING: outstanding balance on your record. Pay now to avoid legal action {url}",
    "{utility}: your supply will be disconnected today at {clock} due to an overdue bill. Call {phone} immediately to avoid this",
    "Dear customer, you are entitled to an energy rebate of {money2} from {utility}. Apply at {url} with your card details before {day}.",
    "Your SIM card will be deactivated within 24 hours because your registration is incomplete. Re-register at {url} to keep your number.",
    "Immigration notice: there is a problem with your visa record. Call {phone} today to avoid removal",
    # banks, accounts, renewals
    "{bank}: a payment of {big} is pending approval. If this was not you, secure your account {url}",
    "{bank} ALERT: your card has been frozen after suspicious activity. Unlock it here {url}",
    "{bank}: new device login from {city}. Not you? Verify your identity now {url}",
    "{bank}: did you attempt a transfer of {big} to {name2} {surname}? Reply Y if yes or N if no",
    "{brand}: your subscription payment failed. Update your card details to keep your account {url}",
    "{brand} security: your account will be closed today unless you confirm your details {url}",
    "{stream}: we're having trouble with your current billing information. Update it to keep watching {url}",
    "Your {av} subscription has been renewed for {renewal}. If you did not authorise this, call {phone} within 24 hours for a refund",
    "Thank you for your order! {av} Total Protection 3-year plan - {renewal} will be debited from your account today. To cancel call {phone}",
    "Amazon: your order of an iPhone 15 Pro ({pricey}) has been confirmed. If you did not place this order, call us on {phone}",
    "Apple ID: your iCloud has been locked for security reasons. Unlock it within 24h or all photos will be permanently deleted {url}",
    "Your Apple ID was used to sign in on an iPhone in {city}. If this wasn't you, review your account at {url} immediately.",
    "Microsoft account: unusual sign-in activity detected. Restore access at {url}, otherwise your Outlook mailbox will be suspended.",
    "Your Microsoft 365 storage is full and emails will stop arriving from {day}. Loyal users get 50GB free: {url}",
    "Your {brand} code is {code}. Did not request it? Reply with the code so we can cancel",
    "Someone tried to use your {brand} account. Call our fraud team on {phone} immediately",
    "Dear {brand} user, you have {n},480 reward points expiring today. Redeem them for cash: {url}",
    "Your device is infected. Call {brand} support on {phone} or your data will be lost",
    # impersonation
    "Hi mum it's me, this is my new number, my old phone broke. Can you message me on WhatsApp{emoji}",
    "Hey dad, new number! Can you help me with a payment today? I'll explain later{emoji}",
    "hey it's me, lost my phone so using a mate's. can u send {money3} to this PayPal asap, will pay u back tonight",
    "Hi, it's {boss}. I'm stuck in meetings all afternoon. I need you to buy {n} {giftcard} gift cards for a client, I'll reimburse you today",
    "Are you at your desk? I need a quick favour, please keep it between us for now. Reply asap. {boss}",
    "Scratch the back of the cards and send me clear photos of the codes. The client needs them within the hour - {boss}",
    # wrong-number openers, romance, adult
    "Hi {name}? Long time no see! Is this still your number? I have a business idea for you",
    "Oops, wrong number sorry! You sound kind though, mind if we chat? I trade {coin} for a living",
    "Hi, is this {name}? We met at the golf club last month and you said to text you about the wine tasting",
    "Hello, are you Dr {surname}'s assistant? My appointment was moved and nobody told me",
    "Hey, sorry for the late reply. Are we still on for dinner on {day}? I booked the table for 7",
    "Is this {name}? It's {name2}, your yoga teacher's friend. She gave me your number 😊",
    "Good {partofday}, I found your number in my contacts but I can't remember who you are. Have we met?",
    "Mr {surname}, the documents you asked for are ready. Should I send them to your office or home address?",
    "Wasn't expecting a reply 😅 I'm {name2}, I run a small jewellery boutique in Singapore. Where are you based?",
    "Hi handsome, I saw your profile and can't stop smiling. I'm new in town, want to chat? {url}",
    "{n} singles near you want to meet tonight. See who liked you: {url}",
    "I'm {name2}, 26, bored and lonely at home. Text me back if you want to see my private pics 😘",
    "Hot local girls are waiting to chat with you right now 🔥 No signup needed {url}",
    "Your 18+ membership trial is active. Watch uncensored videos free for 3 days {url} Txt STOP to end",
    # jobs and tasks
    "Remote job offer: {hours} hours a day from your phone, earn {pay} per day. Reply 1 to learn more",
    "We found your CV online. Part-time online role, {pay}/day, no experience needed. WhatsApp {phone}",
    "Hiring now! Like videos and rate apps from home, paid {pay} daily. Contact our HR on Telegram",
    "Hello, I am {recruiter} from {agency} HR. Your profile matches our flexible position paying {pay} per day. May I share the details on WhatsApp?",
    "Hi, this is {recruiter}, recruitment consultant at {agency}. We have {n} openings for online assistants. Are you over 23? Reply YES",
    "Good day! {agency} is recruiting part-time staff. Only 30-60 minutes a day, salary {pay}-{pay2}. Contact me on Telegram {handle}",
    "Earn commission by completing app optimisation tasks! {n}0 tasks a day, {pay} paid daily in USDT. Beginners welcome, full training provided",
    "Congratulations, your task account has received a {money3} bonus. Complete {n} more combo orders to unlock withdrawal. Contact your mentor",
    "We need product reviewers to boost merchant ratings on {agency}, earn {pay} in one day. Add my WhatsApp {phone}",
    # money: crypto, investment, loans, prizes, grants, gambling
    "{coin} signals group: members made {pct}% this week. Join free before it fills up {url}",
    "New {coin} airdrop live! Connect your wallet to claim {big} in tokens {url}",
    "Your {brand} wallet needs re-verification. Enter your 12-word phrase to avoid losing funds {url}",
    "Invest {money3} today and receive {big} in 48 hours. Guaranteed returns, fully licensed broker",
    "Lost money to an online scam or fake broker? Our certified recovery agents get your funds back within 72h. Book a free consultation at {url} today.",
    "We have traced your lost {coin} to a wallet we can freeze. Pay the {money3} release fee to recover {big}",
    "CONGRATULATIONS! You are today's lucky winner of a {prize}. Claim at {url}",
    "You have been chosen to receive a {prize}. Reply YES to claim, only pay delivery",
    "Your mobile number won our annual lottery draw. To release your {big} winnings send your full name and address to {email}",
    "Congrats on being selected for our product tester programme! Keep the {prize} after a short review. Shipping only {money}",
    "{shop} customer reward: complete our quick survey and get a {money3} voucher {url}",
    "URGENT! You have won a {big} cash prize. Call {phone} now to claim. T&C apply",
    "Your number has been entered into our {day} draw for a {prize}. Text WIN to {short}",
    "Free msg: you have {n} new voicemails from a secret admirer. Call {phone} to listen",
    "Pre-approved loan of {big}, bad credit OK, money in your account today. Apply {url}",
    "You're approved for a {big} personal loan at 0.9% APR. Funds are released once you pay the {money3} processing fee",
    "Struggling with debt? A new government scheme can write off up to {off}% of what you owe. Check if you qualify at {url}.",
    "Stop the calls from creditors today! Combine your {big} of debts into one low monthly payment. Reply INFO for a free call back",
    "You qualify for a {big} federal grant you never have to pay back. Claim with your ID number at {url}",
    "GOV.UK: you are eligible for a cost of living payment of {money2}. Apply at {url} before {day}.",
    "Stimulus update: your relief payment of {money2} is pending. Verify your bank details at {url} to receive it.",
    "Claim {n}00 free spins and a {pct}% deposit match, play now at {url}. 18+",
    "🎰 Your {money3} free bet is waiting! Bet on tonight's match at {bookie}, no deposit needed {url}",
    "{bookie}: {name}, we miss you! Here are {n}0 free spins on Book of Dead. Claim before midnight {url} 18+ T&Cs apply",
    "VIP tip: fixed match tonight, 100% sure, odds 12.5. Pay {money3} for the tip and win guaranteed. WhatsApp {phone}",
    "Dear friend, I need your assistance to move {big} out of the country. You will get {pct}%",
    # appeals, pitches, robotexts, marketing
    "Urgent appeal: families hit by the {disaster} need food and clean water tonight. Donate at {url} - every {money3} helps.",
    "Every {money} feeds a child for a week. Text GIVE to {short} to donate to our {disaster} emergency appeal",
    "{candidate} here. Our end-of-quarter deadline is at MIDNIGHT and we're still short. Will you chip in {money3} before it's too late? {url}",
    "POLL: Do you stand with {candidate}? Reply YES or NO. Then rush a gift to have it matched 5X: {url} Txt STOP to quit",
    "Hi, I checked your website and it isn't showing on the first page of Google. Can I send you a free SEO audit?",
    "Need a new website for your business? Professional design from {money3}, live in 5 days. Reply for our portfolio",
    "Final notice about your vehicle's extended warranty. Coverage ends today. Press 1 or call {phone} to speak to an agent",
    "This is a message about your health insurance. You may qualify for a premium as low as {money3}/month. Reply YES and a licensed agent will call you",
    "Your home appliance cover is about to end. Renew at {url} to keep your boiler and washing machine protected.",
    "Tired of high electricity bills? Homeowners in your area now qualify for FREE solar panels and save up to {off}%. Reply SOLAR to check",
    "{shop}: flash weekend! Extra {off}% off with code {promo}. Shop now {url} Reply STOP to opt out",
    "New arrivals just dropped 👗 Free shipping on orders over {money3}. {url} Txt STOP to unsubscribe",
    "Hey {name}! Your cart misses you 🛒 Complete your order in the next 2 hours and save {off}%: {url}",
    "Get {off}% off your first box of meal kits with code {promo}. Msg&data rates may apply. STOP to end",
    "SALE SALE SALE! Up to {off}% off everything for the next {hours} hours only {url}",
    "Lose {n} kilos in a week, doctors hate this trick! Order now {url}",
]

HAM = [
    # casual chat
    "Are you still coming to {place} at {time}?{emoji}",
    "I'm at {place}, where are you?",
    "Running late, be there by {time}{emoji}",
    "Can you pick up some {food} on the way home?",
    "Fancy {food} tonight?{emoji}",
    "Have you seen my {thing}? I think I left it at yours",
    "Thanks for dinner {name}, it was lovely{emoji}",
    "{name} says hi! we're at {place}",
    "Don't forget it's {name}'s birthday on {day}",
    "Just got home from {place}, knackered. Talk tomorrow?",
    "How did the interview go??",
    "Hey {name}, can I borrow your {thing} this weekend?",
    "haha no way, that's brilliant{emoji}",
    "ok see you at {time}",
    "Can you call me back? It's about {day}",
    "Good morning! Hope you slept well{emoji}",
    "On my way{emoji}",
    "What do you want for your birthday? {kid} keeps asking",
    "I got the tickets for {day}!! so excited",
    "Can you send me {name}'s number?",
    "Let me know when you've landed safe",
    "omw, b there in {mins} mins{emoji}",
    "lmk if u want anything from {shop}",
    "tbh not feeling {place} tonight, {food} at mine instead?",
    "ngl that was the best {food} i've had in ages",
    "ur gonna laugh but i locked myself out again 🙃 is {name} home?",
    "brb, {relative} is calling",
    "lol did u see what {name} posted",
    "wya? we're by the main entrance of {place}",
    "kk sounds good, see u {day}",
    "yo r u watching {match} rn{emoji}",
    "hahahaha {name} stop it 😂😂",
    "sry was driving, whats up? still at {place}?",
    "cant make it {day}, work is mental. raincheck?",
    "Ok so I might have bought another plant 🌱",
    "Hey it's {name2}, new phone so I'm saving everyone's numbers again. Still up for {food} on {day}?",
    "Hi {name}, it's {name2} from {sport}, got your number from the group chat. Are you still selling the {thing}?",
    "Sorry wrong number! That was meant for {relative} 🤦",
    "Reply when you can, no rush. Just checking in x",
    "Can u send me the wifi password again, {name}'s laptop won't connect",
    "Happy anniversary ❤️ table's booked for 8, dress nice",
    "Gym at {clock}? leg day 😩",
    "miss u loads, facetime after {when}?",
    # family and household logistics
    "The kids loved the {food}, thanks for making it",
    "I've paid you back for the tickets{emoji}",
    "Did you remember to lock the back door?",
    "The landlord said the boiler will be fixed on {day}",
    "I'll transfer you my half of the {food} later",
    "Can you grab {kid} from {sport} at {time}? I'm stuck at work",
    "urgent - can u grab {kid} and the others from school, my car won't start",
    "{relative} is coming for lunch on {day}, can you sort the spare room",
    "We're out of milk and bread, I'll grab some at {shop} on the way back",
    "Dentist moved {kid}'s check-up to {day} at {clock}",
    "Did you sign {kid}'s permission slip for the trip?",
    "Dinner's in the oven, back after {when}",
    "Bins go out tonight, it's recycling week",
    "Landed safe, passport queue is massive",
    "Can you send me {amt} for the gas bill? I've done the internet",
    "Mum says thanks for the flowers, she loved them",
    "Paid the council tax for the year ({salary}!!), one less thing to worry about",
    # group chats
    "Who's bringing the {food} to {place}?",
    "Who's in for {game} on {day}? need 2 more",
    "Added {name} to the group 👋",
    "Reunion poll: {day} or {day2}? react 👍 for the first, ❤️ for the second",
    "Right, booked the table for 8 under {name}'s name",
    "whoever borrowed my {thing} pls bring it back 😤",
    "Happy birthday {name}!!! 🎉 have the best day",
    "Photos from {day} are in the shared album now",
    "Last chance to sign the card for {name}'s leaving do, it's on my desk",
    # jokes and complaints
    "Why did the scarecrow win an award? He was outstanding in his field. I'll see myself out",
    "My cat just knocked coffee onto my laptop, working from my phone today 🙃",
    "Train's delayed again, ugh. Should be in by {time}",
    "The trains are a joke today, 3rd cancellation in a row",
    "Our wifi has been down all morning, rang {isp} twice and nothing",
    "Been on hold with {bank} for 40 mins now, send help",
    "Neighbours are drilling AGAIN at {clock} on a {day}",
    "Got a parking ticket outside the gym, {fee} for 5 minutes over. Fuming",
    "Weather looks awful on {day}, shall we move the picnic?",
    # work
    "Is the meeting still on for {day}?",
    "Can we push our call to after {when}? something came up",
    "Sent you the {doc}, let me know what you think",
    "Build for {service} is green again, merged the fix",
    "I'll be working from home on {day}",
    "Standup moved to {clock} today, sorry for the late notice",
    "Can someone review my PR? #{pr}, small fix to {service}",
    "Deploying {service} to prod in 10 min, shout if you've got anything in flight",
    "Rolled back {service}, error rate was spiking. Looking into it now",
    "Can you cover my shift on {day}? I'll take your {day2}",
    "Rota for next week is up on the board, I'm on {day} and {day2}",
    "I'm on call for {service} this weekend so might be slow to reply",
    "Meeting room 3 is double booked, let's use the kitchen",
    "Client signed off the {doc} 🎉 drinks on me",
    "Heads up: {name} is off sick, can someone take the {clock} call?",
    "Payslips are a day late this month, finance said {day}",
    "Quarterly numbers are in the drive: {doclink}",
    "Zoom for the retro: zoom.us/j/{meeting}",
    "{name} are you joining standup or still on the train?",
    # clubs and school
    "Match is cancelled on {day}, pitch is flooded",
    "Training is on tonight despite the rain, bring a spare top",
    "Reminder: {team} play away on {day}, meet at the club at {clock}",
    "School is closed tomorrow due to snow. Work will be posted on the parent portal.",
    "Parents' evening slots are now open, please book through the school app.",
    "Subs for this term are {fee}, please pay {name} by the end of the month",
    "Well done to everyone who ran the 10k! Results are on the club website",
    "Choir practice is cancelled tonight, the hall is being used as a polling station",
    "Limited tickets left for the school fair raffle, {money} a strip. Top prize is a hamper!",
    # legitimate notifications
    "Your order from {shop} is ready for collection.",
    "Your {courier} parcel was delivered to your safe place at {clock}.",
    "{bank}: you sent {amt} to {name}. Reference: dinner",
    "Your {brand} login code is {code}. It expires in 10 minutes. Never share it.",
    "Reminder: your appointment is on {day} at {clock}. Reply to cancel.",
    "{code} is your {brand} verification code. Don't share it with anyone. We will never ask you for it.",
    "Your verification code is {code}. If you didn't request this, you can ignore this message.",
    "{bank}: you spent {amt} at {merchant} on your card ending {last4}. Not you? Call the number on the back of your card.",
    "{bank}: your salary of {salary} has been paid in. Balance: {balance}",
    "{bank}: we declined a payment of {amt} at {merchant}. If it was you, try again in the app. We'll never ask you to move money.",
    "Your {courier} parcel is out for delivery today between {start} and {end}. No action needed.",
    "{courier}: parcel {tracking} was delivered and left with your neighbour at number {housenum}.",
    "Your {ride} driver {name} is arriving in {mins} min in a {car}, plate {plate}",
    "Your {food_app} order is on its way! {name} will be with you in about {mins} minutes",
    "Your prescription is ready to collect from {pharmacy}. Please bring photo ID.",
    "Reminder from {clinic}: appointment with Dr {surname} on {day} at {clock}. Reply C to cancel or call us to rebook. Text STOP to stop reminders.",
    "{airline}: flight {flight} to {dest} now departs from gate {gate}. Boarding starts at {clock}.",
    "{airline}: sorry, flight {flight} is delayed by {n}0 min. New departure {clock}. We'll keep you updated.",
    "{utility}: planned works in your area on {day} from {start} to {end} may interrupt your supply. No action needed.",
    "{utility}: thanks for your meter reading, your next bill will be based on it.",
    "Your {isp} bill of {amt} is ready in the app and will be collected by Direct Debit on {date}.",
    "Your table for {n} at {restaurant} is confirmed for {day} at {clock}. Reply to this message to change the booking.",
    "{shop}: your refund of {amt} has been processed and should reach your account in 3-5 working days.",
    "Library notice: the book you reserved is ready to pick up until {day}.",
    "Payment of {amt} received, thank you. Your {utility} account is now up to date.",
    "Your {brand} password was changed on {day}. If this was you, you can ignore this message.",
    # benign uses of spammy words
    "WE WON THE QUIZ!!! {n}0 quid bar tab, get down here",
    "OMG WE WON!!! {team} are through to the final",
    "Free {food} in the kitchen on floor {n}, leftovers from the all-hands",
    "Claim your seat before we leave, the coach is filling up",
    "call me asap, it's about {relative}. nothing bad don't worry",
    "Congrats on the new job!!! {role} at last, so proud of you",
    "Winner winner chicken dinner, I got the {role} job 🎉",
    "I've got a spare ticket for {day}, free to a good home",
    "Offer accepted on the flat!!! we actually got it, moving in {day} week",
    "Cash only at the car boot sale on {day}, bring small change",
    "Guaranteed rain on {day} apparently, bring a coat",
    "Act fast if you want the good seats lol, tickets went on sale at 9",
    "That's the house we viewed, link here: rightmove.co.uk/properties/{listing}",
    "Here's the pin for the party, parking is round the back: maps.app.goo.gl/{short_id}",
    "{airline}: online check-in for flight {flight} to {dest} is now open. Check in at {airline_site} or in the app.",
    "Your {courier} parcel {tracking} is arriving {day}. Track it at {courier_site} - nothing to pay.",
    "watch this 😂 youtu.be/{short_id}",
    "Fixed in github.com/{org}/{repo}/pull/{pr}, can you give it a quick look",
    "Your e-tickets for {day} are attached to the email and in the app. See you there!",
]

PRIZES = ["iPad Air", "£500 Tesco gift card", "brand new MacBook", "holiday for two",
          "$1000 Visa card", "PlayStation 5", "Dyson hairdryer", "free cruise", "Samsung TV",
          "£250 Amazon voucher"]
CITIES = ["Lagos", "Moscow", "São Paulo", "Jakarta", "Kyiv", "Manila", "Istanbul", "Unknown",
          "Berlin", "Dallas", "Singapore"]
AIRLINES = [("BA", "BA"), ("KLM", "KL"), ("Delta", "DL"), ("Ryanair", "FR"), ("easyJet", "U2"),
            ("United", "UA"), ("Aer Lingus", "EI"), ("Qantas", "QF"), ("Emirates", "EK")]
SHORTENERS = ["bit.ly", "tinyurl.com", "t.ly", "cutt.ly", "rb.gy", "is.gd"]

# Noise applied to a fraction of fills of both classes (probabilities per message).
NOISE_EMOJI = ["😂", "🙏", "👍", "🔥", "‼️", "😅", "👀", "✅", "💯", "😊", "🤞", "🙌"]
TYPOS = {"the": "teh", "receive": "recieve", "address": "adress", "tomorrow": "tommorow",
         "definitely": "definately", "because": "becuase", "account": "acount", "their": "thier",
         "immediately": "immediatly", "really": "realy", "just": "jsut", "with": "wiht",
         "what": "waht", "your": "yuor", "have": "ahve", "please": "plese"}
TEXT_SPEAK = {"you": "u", "your": "ur", "are": "r", "please": "pls", "tonight": "tonite",
              "tomorrow": "tmrw", "because": "cos", "thanks": "thx", "for": "4", "people": "ppl"}
SHOUT = {"spam": 0.13, "ham": 0.05}
SENDER_PREFIX = re.compile(r"^[\w&+.' -]{2,30}: ")
LOWER, NO_FINAL_PUNCT, NO_APOSTROPHE, TEXT_SPEAK_P, TYPO_P, EXTRA_EMOJI = 0.15, 0.2, 0.1, 0.08, 0.08, 0.08


def _code(rng: random.Random, k: int, chars: str = string.digits) -> str:
    return "".join(rng.choices(chars, k=k))


def _url(rng: random.Random) -> str:
    """A throwaway phishing-style link in one of a few common shapes."""
    word = rng.choice(SLOTS["brand"] + SLOTS["courier"] + SLOTS["bank"]).lower().split()[0]
    word = re.sub(r"[^a-z0-9]", "", word)
    domain, tld = rng.choice(SLOTS["domain"]), rng.choice(SLOTS["tld"])
    shape = rng.random()
    if shape < 0.3:
        return f"{rng.choice(SHORTENERS)}/{_code(rng, 7, string.ascii_letters + string.digits)}"
    if shape < 0.55:
        return f"https://{word}-{domain}{tld}"
    if shape < 0.75:
        return f"{word}.{domain}{tld}/{_code(rng, 5, string.ascii_lowercase)}"
    if shape < 0.9:
        return f"www.{domain.replace('-', '')}{rng.randint(1, 99)}{tld}"
    return f"http://{word}{tld}.{domain}{rng.choice(SLOTS['tld'])}/login"


def _values(rng: random.Random) -> dict[str, str]:
    """One value for every slot a template may use."""
    values = {key: rng.choice(options) for key, options in SLOTS.items()}
    values["name2"] = rng.choice([n for n in SLOTS["name"] if n != values["name"]])
    values["day2"] = rng.choice([d for d in SLOTS["day"] if d != values["day"]])
    cur = rng.choice(["£", "$", "€"])
    airline, iata = rng.choice(AIRLINES)
    limit = rng.choice([20, 30, 40, 50, 60, 70])
    start = rng.randint(7, 16)
    pay = rng.randint(2, 9)
    values.update(
        url=_url(rng), ref=_code(rng, 9), city=rng.choice(CITIES),
        money2=f"£{rng.randint(80, 900)}.{rng.randint(0, 99):02d}",
        money3=f"${rng.choice([50, 100, 150, 200, 250, 500])}",
        hours=str(rng.randint(1, 3)), pay=f"${pay}00", pay2=f"${pay + rng.randint(2, 6)}00",
        pct=str(rng.choice([30, 50, 70, 80, 90, 200, 300])),
        off=str(rng.choice([10, 15, 20, 25, 30, 40, 50, 60, 70, 80])),
        phone=f"+{rng.choice(['44 7', '1 8', '63 9', '234 8', '1 4', '62 8'])}{rng.randint(100000000, 999999999)}",
        prize=rng.choice(PRIZES), n=str(rng.randint(2, 9)),
        code=_code(rng, 6), short=str(rng.randint(60000, 89999)),
        tracking=rng.choice(["1Z", "JD", "RX", "CP", "LX"]) + _code(rng, rng.choice([10, 12, 14])),
        fee=f"{cur}{rng.choice([35, 50, 60, 65, 70, 100, 130])}",
        pricey=f"${rng.randint(899, 1499):,}.{rng.choice(['00', '99'])}",
        start=f"{start}:{rng.choice(['00', '30'])}", end=f"{start + rng.randint(1, 4)}:{rng.choice(['00', '30'])}",
        speed=str(limit + rng.randint(7, 26)), limit=str(limit),
        renewal=f"${rng.randint(199, 499)}.{rng.choice(['99', '95', '00', '49'])}",
        handle=f"@{values['recruiter'].lower()}_{rng.choice(['hr', 'jobs', 'recruit', 'team'])}{rng.randint(1, 99)}",
        email=f"{rng.choice(['claims', 'payout', 'agent.desk', 'winners'])}{rng.randint(10, 999)}@{rng.choice(['gmail.com', 'outlook.com', 'yahoo.com', 'mail.ru'])}",
        promo=rng.choice(["SAVE", "FLASH", "VIP", "HELLO", "WKND", "DEAL"]) + str(rng.choice([10, 15, 20, 25, 30, 40])),
        mins=str(rng.randint(2, 25)), pr=str(rng.randint(100, 4999)),
        amt=f"{cur}{rng.randint(3, 180)}.{rng.randint(0, 99):02d}",
        salary=f"{cur}{rng.randint(1400, 4200):,}.{rng.randint(0, 99):02d}",
        balance=f"{cur}{rng.randint(200, 6000):,}.{rng.randint(0, 99):02d}",
        last4=_code(rng, 4), housenum=str(rng.randint(1, 120)),
        plate=rng.choice([f"{_code(rng, 2, string.ascii_uppercase)}{rng.randint(10, 73)} {_code(rng, 3, string.ascii_uppercase)}",
                          f"{rng.randint(1, 9)}{_code(rng, 3, string.ascii_uppercase)}{_code(rng, 3)}"]),
        airline=airline, flight=f"{iata}{rng.randint(100, 2999)}",
        gate=f"{rng.choice('ABCDEFK')}{rng.randint(1, 48)}",
        date=f"{rng.randint(1, 28)} {rng.choice(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'])}",
        doclink=f"docs.google.com/spreadsheets/d/{_code(rng, 12, string.ascii_letters + string.digits)}",
        meeting=_code(rng, 10), listing=_code(rng, 9),
        short_id=_code(rng, rng.choice([8, 11]), string.ascii_letters + string.digits),
        airline_site=f"{airline.lower().replace(' ', '')}.com",
    )
    values["courier_site"] = f"{values['courier'].lower().replace(' ', '')}.com/track/{values['tracking']}"
    return values


def _fill(template: str, rng: random.Random) -> str:
    """Fill every ``{slot}`` of ``template`` with a random value."""
    return template.format(**_values(rng))


def _typo(text: str, rng: random.Random) -> str:
    """One common misspelling, else two swapped letters, in a plain lowercase word."""
    words = text.split(" ")
    known = [i for i, w in enumerate(words) if w in TYPOS]
    if known:
        i = rng.choice(known)
        words[i] = TYPOS[words[i]]
        return " ".join(words)
    plain = [i for i, w in enumerate(words) if w.isalpha() and w.islower() and len(w) >= 4]
    if plain:
        i = rng.choice(plain)
        w, j = words[i], rng.randint(1, len(words[i]) - 3)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def _noise(text: str, rng: random.Random, label: str) -> str:
    """Light, realistic noise for both classes so case and punctuation are not label cues."""
    if rng.random() < TEXT_SPEAK_P:
        text = re.sub(r"\b(" + "|".join(TEXT_SPEAK) + r")\b(?!['’])",
                      lambda m: TEXT_SPEAK[m.group(1)], text)
    if rng.random() < TYPO_P:
        text = _typo(text, rng)
    if rng.random() < NO_APOSTROPHE:
        text = text.replace("'", "")
    if rng.random() < NO_FINAL_PUNCT:
        text = text.rstrip(".!?")
    if rng.random() < EXTRA_EMOJI and not SENDER_PREFIX.match(text):  # notices rarely add emoji
        text = f"{text} {rng.choice(NOISE_EMOJI)}"
    case = rng.random()
    if case < SHOUT[label]:
        text = text.upper()
    elif case < SHOUT[label] + LOWER:
        text = text.lower()
    return text


def generate(seed: int = 0, per_template: int = 18) -> tuple[list[str], list[str]]:
    """Return ``(texts, labels)``: ``per_template`` noised fills of every spam and ham template."""
    rng = random.Random(seed)
    texts, labels = [], []
    for templates, label in ((SPAM, "spam"), (HAM, "ham")):
        for template in templates:
            for _ in range(per_template):
                texts.append(_noise(_fill(template, rng), rng, label))
                labels.append(label)
    return texts, labels
