"""The words seeded rows are made of: storefront questions and answers, user names, e-mail domains.

Bodies are one to three of these sentences, so their lengths spread like the legacy data's (tens to a
few hundred characters); names are user names of 4 to 20 characters, as shoppers pick them.
"""

QUESTION_OPENINGS: tuple[str, ...] = (
    "I have wide feet.",
    "Planning a trip to the mountains next month.",
    "Buying this as a gift for my brother.",
    "I usually wear a medium.",
    "Looking at this for my daughter.",
    "My old one wore out after two years.",
    "I live somewhere very rainy.",
    "I'm between sizes.",
)

QUESTIONS: tuple[str, ...] = (
    "Does this run true to size?",
    "Is it waterproof?",
    "What is the return policy if it does not fit?",
    "How does it hold up after a few washes?",
    "Is the fabric soft or a bit scratchy?",
    "Can you wear it in hot weather without sweating?",
    "Does the color look the same as in the photos?",
    "How heavy is it?",
    "Is it machine washable?",
    "Does it shrink?",
    "What material is the lining made of?",
    "Would you recommend sizing up or down?",
    "Is this good for running or just for walking?",
    "How long did shipping take for you?",
    "Does it come with a warranty?",
    "Is the zipper sturdy?",
    "Can I return it to a store or only by mail?",
    "Are the seams reinforced?",
    "Does it fade in the sun?",
    "Is there enough room in the toe box?",
    "Will it fit over a thick sweater?",
    "How is the arch support?",
    "Is it see-through at all?",
    "Does it have pockets?",
    "What is the difference between this one and last year's model?",
    "Is it true that the sleeves run long?",
    "Does it wrinkle easily when packed in a suitcase?",
    "Can it be ironed?",
    "Is the strap adjustable?",
    "How warm is it, would it work for skiing?",
)

QUESTION_CLOSINGS: tuple[str, ...] = (
    "Thanks!",
    "Thanks in advance.",
    "Any advice is appreciated.",
    "Would love to hear from someone who owns it.",
)

ANSWERS: tuple[str, ...] = (
    "Yes, order your usual size.",
    "It runs a little small, I went up one size.",
    "Mine has held up great after dozens of washes.",
    "Not fully waterproof, but it handled a light rain fine.",
    "The fabric is soft and does not itch at all.",
    "I wear it all summer and it breathes well.",
    "The color is a bit darker than in the pictures.",
    "It is lighter than it looks.",
    "Machine wash cold and hang to dry.",
    "It shrank a little in the dryer, so I air dry it now.",
    "Returns are free within 30 days.",
    "Shipping took about four days.",
    "The zipper feels solid and has never snagged.",
    "Plenty of room in the toe box, even with thick socks.",
    "Good arch support, I wore them on a ten mile hike.",
    "It has two deep pockets with zippers.",
    "It packs down small and does not wrinkle much.",
    "We stand behind every product with a one year warranty.",
    "Please contact our support team and we will make it right.",
    "I bought a second one in another color.",
    "Fits over a sweater, but it is snug.",
    "The straps adjust easily.",
    "Warm enough for skiing with a base layer underneath.",
    "Great value for the price.",
    "I would recommend it to a friend.",
    "The sleeves are a little long on me, but I am short.",
    "Mine faded slightly after a season in the sun.",
    "Not see-through at all.",
)

USER_NAMES: tuple[str, ...] = (
    "jbilas",
    "funnygirl",
    "cleopatra",
    "hiker",
    "mountainmama",
    "sunnyday",
    "jackson",
    "trailrunner",
    "coffeelover",
    "thebestuser",
    "ladybug",
    "kennyp",
    "shopaholic",
    "dcmom",
    "outdoorsy",
    "marcus",
    "lizzie",
    "bigfoot",
    "nightowl",
    "wanderer",
    "techguy",
    "bookworm",
    "yogalife",
    "alexm",
    "surferdude",
    "gardengnome",
    "pdxbiker",
    "sophia",
    "dadjokes",
    "weekendwarrior",
)

NAME_ADJECTIVES: tuple[str, ...] = (
    "happy",
    "real",
    "big",
    "little",
    "the",
    "cool",
    "lazy",
    "super",
)

EMAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "example.com",
)

# The `w=` of a photo URL.
PHOTO_WIDTHS: tuple[str, ...] = ("400", "650", "975", "1300", "1650")
