"""Demo applications: about 25, in every state, across the demo rounds."""

from core.transitions import perform

from ..models import Answer, Application, BudgetLine, Group, Round
from ..permissions import forget
from .rounds import winter_round

# --------------------------------------------------------------------------------------------
# Demo applications: about 25, in every state, across the open round, an older round being
# screened, and (after the awards demo has made it) last year's finished round.
# Every change of state runs through `perform` with the demo people, so the audit trail is real.
# --------------------------------------------------------------------------------------------
DEMO_GROUPS = [
    # name, kind, area, postcode, income band, contact, what they do, supported by the supporter
    (
        "Northfield Knit and Natter",
        "informal",
        "Northfield",
        "RV1 3GH",
        "none",
        "Maureen Hill",
        "We meet in the library on Fridays to knit, chat and have a cup of tea.",
        False,
    ),
    (
        "Riverside Men's Shed",
        "constituted",
        "Riverside",
        "RV2 1JK",
        "under_10k",
        "Tony Reid",
        "A workshop where men come to make and mend things and talk.",
        False,
    ),
    (
        "Hillside Mums Mutual Aid",
        "informal",
        "Hillside",
        "RV4 7LM",
        "none",
        "Kerry Lane",
        "A WhatsApp group of parents who share food, clothes and lifts.",
        True,
    ),
    (
        "Oakwood Dementia Café",
        "faith",
        "Oakwood",
        "RV6 2NP",
        "under_1k",
        "Rev. Grace Obi",
        "A monthly café for people living with dementia and the people who care for them.",
        True,
    ),
    (
        "Dosti Women's Walking Group",
        "informal",
        "Eastside",
        "RV5 8QR",
        "none",
        "Shazia Begum",
        "South Asian women who walk together twice a week and then share food.",
        False,
    ),
    (
        "St Anne's Warm Space",
        "faith",
        "Northfield",
        "RV1 9ST",
        "under_10k",
        "Peter Walsh",
        "A warm room with soup and company in the church hall through the winter.",
        False,
    ),
    (
        "Greenway Allotment Friends",
        "cic",
        "Greenway",
        "RV7 4UV",
        "under_10k",
        "Lina Costa",
        "We grow food together and give what we grow to the community fridge.",
        False,
    ),
    (
        "Riverside Over-60s Chair Yoga",
        "informal",
        "Riverside",
        "RV2 5WX",
        "none",
        "Joan Price",
        "Gentle chair yoga for older people in the community centre.",
        False,
    ),
]

# round key, group, project, amount, final state, channel, who fills it in, why (for the
# message to the group), and three answers: what, who it helps, how they know.
DEMO_APPLICATIONS = [
    # The open round: some still drafts, some waiting to be checked.
    (
        "open",
        "Northfield Knit and Natter",
        "Wool for winter knitting",
        450,
        "draft",
        "online",
        "officer",
        "",
        (
            "Buy wool and needles so new people can join in.",
            "Older people who live alone and want company.",
            "Six people asked to join last month but we had no wool spare.",
        ),
    ),
    (
        "open",
        "Riverside Men's Shed",
        "A safer workshop",
        3200,
        "submitted",
        "online",
        "officer",
        "",
        (
            "Buy a dust extractor and safety gear for the shed.",
            "Men who feel lonely, many who are retired or out of work.",
            "Twenty men come each week. They asked for a safer space.",
        ),
    ),
    (
        "open",
        "Hillside Mums Mutual Aid",
        "Baby bank shelves",
        600,
        "submitted",
        "phone",
        "officer",
        "",
        (
            "Put up shelves so we can sort and share baby clothes.",
            "Families who are short of money.",
            "Our WhatsApp group has 140 parents. They ask for this every week.",
        ),
    ),
    (
        "open",
        "Oakwood Dementia Café",
        "More café mornings",
        1800,
        "submitted",
        "assisted",
        "supporter",
        "",
        (
            "Run the café every two weeks, not once a month.",
            "People living with dementia and their carers.",
            "Carers told us once a month is not enough.",
        ),
    ),
    (
        "open",
        "Dosti Women's Walking Group",
        "Walks and a shared meal",
        900,
        "submitted",
        "online",
        "officer",
        "",
        (
            "Pay for a walk leader and food after each walk.",
            "Women who do not often go out on their own.",
            "We started with five women. Now there are twenty-two.",
        ),
    ),
    (
        "open",
        "St Anne's Warm Space",
        "Soup and company",
        2500,
        "draft",
        "online",
        "officer",
        "",
        (
            "Keep the hall warm and serve soup three days a week.",
            "Anyone who is cold at home or lonely.",
            "Last winter forty people came each day.",
        ),
    ),
    (
        "open",
        "Greenway Allotment Friends",
        "Tools to share",
        1500,
        "withdrawn",
        "online",
        "officer",
        "We got the tools from a local shop instead.",
        (
            "Buy tools that members can borrow.",
            "New growers who cannot afford tools.",
            "People on our waiting list asked for it.",
        ),
    ),
    (
        "open",
        "Eastside Community Fridge",
        "A second fridge",
        2000,
        "more_info_needed",
        "assisted",
        "supporter",
        "Please tell us where the second fridge will go, and who will check it each day.",
        (
            "Buy a second fridge for fresh food.",
            "Anyone who needs food, no questions asked.",
            "We run out of space by noon most days.",
        ),
    ),
    # An older round, now being checked.
    (
        "winter",
        "Tuesday Lunch Club",
        "Warm lunches through the winter",
        1500,
        "eligible",
        "online",
        "applicant",
        "",
        (
            "Cook a hot lunch every Tuesday from November to March.",
            "Older people who live alone in Northfield.",
            "We have a waiting list of twelve people.",
        ),
    ),
    (
        "winter",
        "Millbrook Walkers",
        "Winter walking boots to lend",
        800,
        "submitted",
        "online",
        "applicant2",
        "",
        (
            "Buy boots in different sizes that walkers can borrow.",
            "People new to walking who do not have the right shoes.",
            "Three people stopped coming when it got muddy.",
        ),
    ),
    (
        "winter",
        "Millbrook Walkers",
        "Hot drinks after winter walks",
        300,
        "submitted",
        "online",
        "applicant2",
        "",
        (
            "Buy flasks, tea and biscuits for after each walk.",
            "Everyone who walks with us in the cold months.",
            "Walkers asked for a warm drink and a chat at the end.",
        ),
    ),
    (
        "winter",
        "Eastside Community Fridge",
        "Soup for the fridge",
        2200,
        "eligible",
        "assisted",
        "supporter",
        "",
        (
            "Make soup each week with food that would be thrown away.",
            "Families and older people who need a hot meal.",
            "People ask for hot food every day.",
        ),
    ),
    (
        "winter",
        "Northfield Knit and Natter",
        "Blankets for the warm space",
        400,
        "ineligible",
        "paper",
        "officer",
        "This fund is for groups that meet in Millbrook or Eastside, and your group meets in "
        "Northfield. The Healthy Neighbours Fund is open to you now.",
        (
            "Knit blankets to give to people at the warm space.",
            "People who are cold at home.",
            "The warm space asked us for blankets.",
        ),
    ),
    (
        "winter",
        "Riverside Men's Shed",
        "Heating for the shed",
        4500,
        "more_info_needed",
        "online",
        "officer",
        "Please send us a quote for the heater, and tell us who owns the shed.",
        (
            "Put a heater in the shed so we can open in winter.",
            "Men who would be on their own at home all winter.",
            "Last winter we had to close for three months.",
        ),
    ),
    (
        "winter",
        "Hillside Mums Mutual Aid",
        "Warm packs for families",
        700,
        "submitted",
        "phone",
        "officer",
        "",
        (
            "Make packs with hats, gloves and hot water bottles.",
            "Families with young children in cold homes.",
            "Parents in our group asked for help with heating costs.",
        ),
    ),
    (
        "winter",
        "Oakwood Dementia Café",
        "Winter café mornings",
        1600,
        "eligible",
        "assisted",
        "supporter",
        "",
        (
            "Keep the café going through the winter, with transport.",
            "People with dementia who find it hard to get out in winter.",
            "Numbers fall by half in winter because of the cold.",
        ),
    ),
    (
        "winter",
        "Dosti Women's Walking Group",
        "Winter coats for walkers",
        5000,
        "ineligible",
        "online",
        "officer",
        "We cannot pay for clothes for people to keep. You could ask for money for boots or coats "
        "that the group keeps and lends.",
        (
            "Buy winter coats for the women who walk with us.",
            "Women on low incomes.",
            "Many women stop walking when it gets cold.",
        ),
    ),
    (
        "winter",
        "St Anne's Warm Space",
        "Open three more days a week",
        3000,
        "submitted",
        "paper",
        "officer",
        "",
        (
            "Open the warm space on Monday, Wednesday and Friday too.",
            "Anyone who is cold at home or on their own.",
            "People are waiting at the door before we open.",
        ),
    ),
    (
        "winter",
        "Greenway Allotment Friends",
        "A polytunnel",
        2500,
        "withdrawn",
        "online",
        "officer",
        "The council gave us a polytunnel, so we do not need this now.",
        (
            "Put up a polytunnel so we can grow food in winter.",
            "Everyone who uses the fridge.",
            "We have nothing to give from November to March.",
        ),
    ),
    (
        "winter",
        "Riverside Over-60s Chair Yoga",
        "Chair yoga in the cold months",
        650,
        "eligible",
        "online",
        "officer",
        "",
        (
            "Run two chair yoga classes a week all winter.",
            "People over sixty who find it hard to move about.",
            "Our class is full and people are on a waiting list.",
        ),
    ),
    # Last year's finished round: some were not funded.
    (
        "last",
        "Riverside Men's Shed",
        "New tools for the shed",
        3000,
        "not_awarded",
        "online",
        "officer",
        "The panel liked your plan but other groups got more votes. Please apply again.",
        ("Buy new tools.", "Men in Riverside.", "They asked us."),
    ),
    (
        "last",
        "Dosti Women's Walking Group",
        "Walk leader training",
        1200,
        "not_awarded",
        "online",
        "officer",
        "The money ran out before your application. The panel hoped you would try again.",
        ("Train two walk leaders.", "Women who walk with us.", "We need more leaders."),
    ),
    (
        "last",
        "Greenway Allotment Friends",
        "Raised beds for wheelchair users",
        2000,
        "not_awarded",
        "online",
        "officer",
        "Other groups got more votes this time.",
        ("Build raised beds.", "Disabled growers.", "Two members use wheelchairs."),
    ),
    (
        "last",
        "Northfield Knit and Natter",
        "Knitting for the hospital",
        350,
        "awarded",
        "phone",
        "officer",
        "The panel voted to fund this.",
        ("Knit hats for babies in hospital.", "New parents.", "The ward asked us."),
    ),
]

# The transitions that take a new application to each state, and who runs each one.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "more_info_needed": ["submit", "ask_for_more_information"],
    "eligible": ["submit", "mark_eligible"],
    "ineligible": ["submit", "mark_ineligible"],
    "withdrawn": ["submit", "withdraw"],
    "awarded": ["submit", "mark_eligible", "award"],
    "not_awarded": ["submit", "mark_eligible", "not_award"],
}
_BY_GROUP = {"submit", "withdraw"}


def _demo_groups(users):
    groups = {g.name: g for g in Group.objects.all()}
    for name, kind, area, postcode, band, contact, what, supported in DEMO_GROUPS:
        if name not in groups:
            handle = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
            groups[name] = Group.objects.create(
                name=name,
                kind=kind,
                area=area,
                postcode=postcode,
                income_band=band,
                what_you_do=what,
                contact_name=contact,
                contact_email=f"hello@{handle}.example",
                contact_phone="07700 900" + str(100 + len(groups)),
                second_contact_name="Chris Green",
                second_contact_email=f"chris@{handle}.example",
                contacts_unrelated=True,
                payment_route=Group.PaymentRoute.BANK,
                bank_account_name=name,
            )
        if supported:
            groups[name].supporters.add(users["supporter"])
    forget(users["supporter"])
    return groups


def seed_demo_applications(funder, rnd, users, rounds=("open", "winter")):
    """Add the demo applications for the given rounds (idempotent: keyed on round, group and
    project name)."""
    officer = users["officer"]
    groups = _demo_groups(users)
    round_of = {"open": rnd}
    if "winter" in rounds:
        round_of["winter"] = winter_round(funder, officer)
    if "last" in rounds:
        round_of["last"] = Round.objects.filter(slug="healthy-neighbours-2026").first()
    members = {g.pk: m for g, m in ((g, g.members.first()) for g in groups.values()) if m}
    existing = set(
        Application.objects.filter(round__in=[r for r in round_of.values() if r]).values_list(
            "round_id", "group_id", "title"
        )
    )
    questions = {key: list(r.questions.all()) for key, r in round_of.items() if r}
    for key, group_name, title, amount, goal, channel, filler, why, answers in DEMO_APPLICATIONS:
        target, group = round_of.get(key), groups.get(group_name)
        if target is None or group is None or (target.pk, group.pk, title) in existing:
            continue
        who = members.get(group.pk) if filler.startswith("applicant") else users[filler]
        who = who or officer
        helped = who if filler == "supporter" or channel in ("phone", "paper") else None
        app = Application.objects.create(
            round=target,
            group=group,
            title=title,
            amount_requested=amount,
            channel=channel,
            created_by=who,
            assisted_by=helped,
            theme="Health and wellbeing",
        )
        Answer.objects.bulk_create(
            Answer(application=app, question=q, text=text)
            for q, text in zip(questions[key], answers, strict=False)
        )
        first = round(amount * 0.6 / 10) * 10
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(application=app, order=0, item=answers[0][:60], amount=first),
                BudgetLine(
                    application=app, order=1, item="Room hire and drinks", amount=amount - first
                ),
            ]
        )
        for step in PATHS[goal]:
            app = perform(
                app,
                step,
                by=who if step in _BY_GROUP else officer,
                reason=why if step == PATHS[goal][-1] and step != "submit" else "",
            )
