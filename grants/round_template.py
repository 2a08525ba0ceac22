"""A starting point for a community health and wellbeing small-grants round, in plain words."""

from .models import Criterion, Question

DEFAULT_QUESTIONS = [
    (
        "What does your group want to do with the money?",
        "Say what you will do, where and when.",
        150,
        True,
    ),
    (
        "Who will it help, and how?",
        "Say who takes part and what difference it makes to them.",
        150,
        True,
    ),
    (
        "How do you know people want this?",
        "For example, people asked for it, or come already.",
        100,
        True,
    ),
    ("Is there anything else you want the panel to know?", "", 100, False),
]

DEFAULT_CRITERIA = [
    (
        "Helps people feel well",
        "Will this help people's health, or help them feel less alone?",
        [
            "It is not clear how this helps.",
            "It may help a little.",
            "It will help some people.",
            "It will clearly help many people feel well.",
        ],
    ),
    (
        "Reaches people who need it",
        "Does it reach people who find it hard to get help, or who miss out?",
        [
            "It is not clear who it reaches.",
            "It reaches some people who miss out.",
            "It reaches many people who miss out.",
            "It is built around people who miss out most.",
        ],
    ),
    (
        "Local people want it",
        "Do local people ask for it, or run it?",
        [
            "No sign that people want it.",
            "Some sign that people want it.",
            "Good sign that people want it.",
            "Local people ask for it and run it.",
        ],
    ),
    (
        "Good plan for the money",
        "Is the plan clear, and is the amount fair for what they will do?",
        [
            "The plan or the cost is not clear.",
            "The plan is rough; the cost may not fit.",
            "A clear plan at a fair cost.",
            "A very clear plan and good value.",
        ],
    ),
]

DEFAULT_ELIGIBILITY = [
    {
        "question": "Does your group help people in the round's area?",
        "needed": True,
        "if_not": "This money is only for groups that help people in this area. "
        "Ask your local council. It may have money for your area.",
    },
    {
        "question": "Does your group have two people who are not family and do not live together?",
        "needed": True,
        "if_not": "Two people who are not family must look after the money together. "
        "Ask one more person in your group to help. Then come back.",
    },
    {
        "question": "Is the money for things open to all, or to people who need them?",
        "needed": True,
        "if_not": "This money is for things that help lots of people near you. "
        "Ask your local help centre about other money.",
    },
    {
        "question": "Is the money to make a profit, or to win people to a faith or a party?",
        "needed": False,
        "if_not": "This money can not pay to make a profit. It can not pay to win people to a "
        "faith or a party. A faith group can ask for money for things that are open to all.",
    },
]

DEFAULT_REPORTING_TIERS = [
    {
        "up_to": 1000,
        "name": "Short end report",
        "mid_point": False,
        "numbers": False,
        "outcome_measure": False,
    },
    {
        "up_to": 10000,
        "name": "End report with numbers",
        "mid_point": False,
        "numbers": True,
        "outcome_measure": False,
    },
    {
        "up_to": None,
        "name": "Mid-point and end reports",
        "mid_point": True,
        "numbers": True,
        "outcome_measure": True,
    },
]


def apply_template(rnd):
    """Fill an empty round with the default questions, criteria, eligibility check and tiers."""
    if not rnd.questions.exists():
        Question.objects.bulk_create(
            Question(round=rnd, order=i, text=text, help_text=hint, word_limit=limit, required=req)
            for i, (text, hint, limit, req) in enumerate(DEFAULT_QUESTIONS)
        )
    if not rnd.criteria.exists():
        Criterion.objects.bulk_create(
            Criterion(round=rnd, order=i, title=title, guidance=guidance, descriptors=descriptors)
            for i, (title, guidance, descriptors) in enumerate(DEFAULT_CRITERIA)
        )
    changed = []
    if not rnd.eligibility_questions:
        rnd.eligibility_questions = DEFAULT_ELIGIBILITY
        changed.append("eligibility_questions")
    if not rnd.reporting_tiers:
        rnd.reporting_tiers = DEFAULT_REPORTING_TIERS
        changed.append("reporting_tiers")
    if changed:
        rnd.save(update_fields=changed)
