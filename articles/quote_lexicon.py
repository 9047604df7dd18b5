"""Word lists for quote and speaker extraction.

General English news vocabulary only: nothing here names a particular person or article.
"""

import re

# Verbs that introduce reported speech. "told" and "asked" take an object ("told reporters").
CUE_VERBS = (
    "said says say told tells added adds stated states explained explains argued argues "
    "insisted insists warned warns claimed claims noted notes continued asked asks "
    "replied replies responded declared declares announced announces admitted admits "
    "acknowledged acknowledges conceded concedes suggested suggests predicted predicts urged "
    "urges wrote writes commented remarked observed maintained maintains confirmed confirms "
    "denied denies stressed stresses emphasised emphasized emphasises emphasizes reported "
    "reports revealed complained complains joked boasted cautioned recalled agreed agrees "
    "concluded countered retorted promised vowed pledged threatened alleged alleges "
    "cautions adding saying concludes recalls retorts threatens boasts responds observes reveals"
).split()
# Cue verbs that take a listener/recipient object as part of the cue.
OBJECT_VERBS = frozenset({"told", "tells", "asked", "asks"})
# Verbs that attach a label to something: quoted words after them are designations.
LABEL_VERBS = (
    "designated designate designates labelled labeled label labels "
    "categorized categorised categorize categorise classified classify classifies termed "
    "dubbed dub dubs listed so-called known nicknamed"
).split()
# Verbs that attribute evaluative words to a speaker ("dismissed the plan as "desperate"").
EVALUATIVE_VERBS = (
    "described describes dismissed dismisses called calls hailed hails criticised criticized "
    "attacked accused accuses praised welcomed welcomes condemned condemns blamed blames "
    "branded brands slammed labelled_as accuse describe dismiss call criticise criticize attack "
    "praise welcome condemn blame brand slam hail slated slates"
).split()
# Verbs of thinking, believing and finding: no speech, but quoted words after one in a sentence
# with no verb of saying are the thinker's own words ("Ann Lee thinks the plan is "over-hyped"",
# "the committee found a "culture of waste""), not a label. Only used for such embedded quotes,
# never to find reported (indirect) speech.
THOUGHT_VERBS = (
    "think thinks thought believe believes believed feel feels felt reckon reckons reckoned found finds"
).split()
# Words that may stand between "said" and the reported clause or end of the attribution.
TIME_WORDS = (
    "on in at last this next yesterday today tonight earlier later recently previously "
    "monday tuesday wednesday thursday friday saturday sunday morning afternoon evening "
    "night week month year weekend"
).split()

HONORIFICS_MALE = {"mr", "mr.", "sir", "lord", "king", "prince", "baron", "father", "brother"}
HONORIFICS_FEMALE = {
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "lady",
    "dame",
    "baroness",
    "queen",
    "princess",
    "sister",
}
HONORIFICS = HONORIFICS_MALE | HONORIFICS_FEMALE | {"dr", "dr.", "prof", "prof.", "professor"}
# Titles that stay part of a name the article gives with no first name: "Lord Armstrong",
# "Baroness Scotland", "Prince Harry" (unlike "Mr Lee", who is Lee, or "Sir Alan", a first name).
PEERAGE_TITLES = frozenset(
    "lord lady baroness baron viscount viscountess earl countess duke duchess marquess "
    "prince princess king queen".split()
)
FEMALE_ROLE_WORDS = {
    "spokeswoman",
    "chairwoman",
    "businesswoman",
    "congresswoman",
    "wife",
    "mother",
    "daughter",
    "actress",
    "widow",
    "sister",
    "she",
}
MALE_ROLE_WORDS = {
    "spokesman",
    "chairman",
    "businessman",
    "congressman",
    "husband",
    "father",
    "son",
    "brother",
    "actor",
    "he",
}

# Capitalised words that are titles, not part of a person's name.
TITLE_WORDS = set(
    (
        "mr mrs ms miss dr prof professor sir lord lady dame baroness baron president "
        "vice prime minister deputy secretary chancellor general attorney chief executive "
        "officer director governor senator sen rep representative congressman congresswoman "
        "judge justice mayor ambassador commissioner chairman chairwoman chair spokesman "
        "spokeswoman spokesperson leader king queen prince princess pope bishop archbishop "
        "father rev reverend gen col lt sgt capt captain colonel major admiral commander "
        "officer inspector superintendent detective constable sheriff shadow foreign home "
        "home-office economic trade industry finance health education defence defense "
        "interior culture transport environment energy treasury state party labour tory "
        "conservative liberal democrat democratic republican mp mep msp am boss head analyst "
        "economist manager founder president-elect premier emir sheikh king-designate "
        "former acting interim senior junior associate assistant managing global group "
        "international national regional european american british russian chinese u.s. "
        "us uk eu un chief-executive coach manager striker captain actress actor singer "
        "star editor presenter minister-designate rabbi solicitor barrister lawyer commissioner "
        "communications culture economics justice foreign-secretary mayor msp councillor "
        "strategist researcher professor lecturer consultant partner exchequer"
    ).split()
) | {"pm", "ceo", "cfo", "dj"}  # role abbreviations ("the PM said", "DJ Ann Lee"): a role, no body
# Role abbreviations written out, to find who holds the role ("the PM" is "the prime minister").
ROLE_ABBREVIATIONS = {"pm": "prime minister", "ceo": "chief executive", "cfo": "chief financial officer"}

# Words that mark an organisation name.
ORG_WORDS = set(
    (
        "ministry department office party bank company corporation corp corp. co co. inc inc. ltd "
        "ltd. plc llc group association union commission council agency board committee "
        "treasury kremlin government parliament congress senate house court authority "
        "institute institution foundation federation fund organisation organization "
        "exchange bureau service services agency network news times post journal telegraph "
        "guardian reuters interfax bloomberg airline airlines airways motors holdings "
        "industries systems technologies communications partners capital securities bbc "
        "cbi tuc imf opec nato who fsa sec fbi cia nhs police army navy commons lords "
        "downing executive assembly chamber chambers league club university college school "
        "hospital trust centre center forum alliance coalition front movement network "
        "united rovers athletic wanderers albion hotspur fc observatory "
        "labour tories tory conservatives liberal democrats lib dems snp ukip greens "
        "republicans democrats whitehall administration lab labs laboratory laboratories"
    ).split()
)

COUNTRIES = set(
    (
        "afghanistan albania algeria angola argentina armenia australia austria azerbaijan "
        "bahrain bangladesh belarus belgium bolivia bosnia brazil britain bulgaria burma "
        "cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus "
        "czechia denmark ecuador egypt england eritrea estonia ethiopia finland france "
        "georgia germany ghana greece guatemala haiti honduras hungary iceland india "
        "indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya "
        "korea kosovo kuwait laos latvia lebanon liberia libya lithuania luxembourg "
        "macedonia malaysia mali malta mexico moldova mongolia montenegro morocco "
        "mozambique myanmar namibia nepal netherlands nicaragua niger nigeria norway oman "
        "pakistan palestine panama paraguay peru philippines poland portugal qatar romania "
        "russia rwanda scotland senegal serbia singapore slovakia slovenia somalia spain "
        "sudan sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey "
        "turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam wales yemen "
        "zambia zimbabwe holland"
    ).split()
) | {
    "united states",
    "united kingdom",
    "south africa",
    "north korea",
    "south korea",
    "new zealand",
    "saudi arabia",
    "sri lanka",
    "united arab emirates",
    "czech republic",
    "ivory coast",
    "the us",
    "the uk",
    "u.s.",
    "the u.s.",
    "us",
    "uk",
    "usa",
}
# Capitals often used for their country's government ("Moscow has labelled ...").
CAPITALS = {
    "moscow",
    "washington",
    "beijing",
    "london",
    "paris",
    "berlin",
    "tokyo",
    "kiev",
    "kyiv",
    "tehran",
    "damascus",
    "pyongyang",
    "ankara",
    "baghdad",
    "kabul",
    "islamabad",
    "delhi",
    "new delhi",
    "jerusalem",
    "cairo",
    "riyadh",
    "seoul",
    "madrid",
    "rome",
    "brussels",
}
DEMONYMS = set(
    (
        "american british russian chinese french german italian spanish japanese korean "
        "indian pakistani iranian iraqi syrian israeli palestinian egyptian turkish "
        "ukrainian polish dutch belgian swiss swedish norwegian danish finnish irish "
        "scottish welsh english canadian australian mexican brazilian argentine african "
        "european asian arab saudi afghan greek portuguese austrian hungarian czech "
        "nigerian kenyan"
    ).split()
)

# Nationality and faith words beyond DEMONYMS, and the nouns made from them: with DEMONYMS (and
# their plurals: "Italians", "Europeans") they describe a speaker ("the Frenchman", "Britons",
# "a Malaysian firm") and never name one.
NATIONALITY_WORDS = DEMONYMS | set(
    (
        "malaysian venezuelan liberian thai vietnamese indonesian filipino chilean colombian peruvian "
        "cuban jamaican zimbabwean ghanaian ethiopian somali sudanese lebanese jordanian kuwaiti "
        "libyan moroccan algerian tunisian serbian croatian bosnian romanian bulgarian slovak "
        "slovenian lithuanian latvian estonian armenian kazakh uzbek chechen kurdish taiwanese "
        "tibetan bangladeshi nepalese uruguayan bolivian ecuadorian icelandic maltese cypriot "
        "ugandan rwandan tanzanian zambian senegalese cameroonian nepali yemeni omani qatari "
        "emirati bahraini "
        "briton britons frenchman frenchmen frenchwoman irishman irishmen irishwoman dutchman "
        "dutchmen englishman englishmen englishwoman scotsman scotsmen scotswoman welshman "
        "welshmen welshwoman cornishman "
        "muslim jewish islamic christian catholic protestant hindu sikh buddhist"
    ).split()
)


def is_nationality_word(word: str) -> bool:
    """ "Malaysian", "Frenchman", "Italians", "Muslim": a word for where or what faith people are from."""
    low = word.lower()
    return low in NATIONALITY_WORDS or (low[-1:] == "s" and low[:-1] in NATIONALITY_WORDS)


# Head nouns of an unnamed person who speaks for a body ("a spokesman for X" -> X).
SPOKES_HEADS = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokesmen",
    "source",
    "sources",
    "official",
    "officials",
    "representative",
    "statement",
    "spokeman",
}
# Head nouns of an unnamed member of a group: the speaker stays unknown.
MEMBER_HEADS = {"member", "members", "one", "some", "several", "many", "most", "few", "detainee"}
PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "o", "we": "p", "i": ""}

# Generic references to a speaking organisation ("the company said").
GENERIC_ORGS = set(
    (
        "company firm group bank government ministry department party council union airline "
        "carrier retailer business agency club board committee organisation organization "
        "authority regulator watchdog maker manufacturer giant operator chain insurer lender panel "
        "inquiry commission newspaper paper magazine broadcaster carmaker "
        "supplier exporter importer"
    ).split()
)
# Nouns for a public body that the article names in full, the noun ending the name ("Low Pay
# Commission", "Commons public accounts committee"): "the commission said" is the body so named,
# else one that has spoken before, never a guess from the article's most named body (a company,
# a club or a party that "the company", "the club" or "the party" stands for).
PUBLIC_BODY_NOUNS = frozenset("commission committee council inquiry panel union".split())
# Plural or anonymous speakers that stay unnamed.
ANONYMOUS = set(
    (
        "analysts officials experts critics sources observers economists campaigners "
        "spokesman spokeswoman spokesperson source official analyst expert critic "
        "people residents witnesses reports report statement aides insiders traders "
        "dealers investors ministers executives bosses researchers scientists doctors "
        # indefinite pronouns: "Anybody who says ..." names nobody
        "anybody anyone everybody everyone somebody someone nobody"
    ).split()
)

# A full stop after one of these does not end a sentence ("Mr.", "Sen.", "U.S.", "R-S.D.").
ABBREVIATED_WORDS = frozenset(
    "Mr Mrs Ms Dr St Sept Jan Feb Mar Apr Jun Jul Aug Oct Nov Dec No vs Gen Col "
    "Lt Sgt Capt Rep Sen Gov Prof Inc Ltd Co Corp Jr Sr Mt Rev".split()
)
ABBREVIATION = re.compile(
    r"(?:\b(?:{})|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$".format("|".join(sorted(ABBREVIATED_WORDS)))
)


def ends_with_abbreviation(text: str, pos: int, endpos: int) -> bool:
    """``ABBREVIATION.search(text, pos, endpos) is not None``, mostly without the regex: what
    ends the window is usually a plain word after a space, and for one the answer is whether it
    is an abbreviated word or a single capital (the initialism form needs a full stop in it)."""
    last = text[endpos - 1 : endpos] if endpos > pos else ""
    if not ("a" <= last <= "z" or "A" <= last <= "Z"):
        # Every form ends in an ASCII letter, before the end or before a newline ending it ("$").
        return last == "\n" and ABBREVIATION.search(text, pos, endpos) is not None
    space = text.rfind(" ", pos, endpos)
    word = text[space + 1 : endpos]
    if space >= 0 and word.isalnum():  # the whole word-character run before endpos, after a space
        return word in ABBREVIATED_WORDS or (len(word) == 1 and "A" <= word <= "Z")
    return ABBREVIATION.search(text, pos, endpos) is not None


def word_pattern(words) -> str:
    """A regex matching any of ``words``, factored as a trie (much faster than a flat "a|b|c")."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return r"\b" + build(trie) + r"\b"


CUE_WORD = re.compile(word_pattern(CUE_VERBS))
# CUE_WORD's words with the character before them, which must be no ASCII word character: the
# engine skips to such characters (a space, mostly) instead of trying the words at every letter,
# nearly twice as fast over a long text. ``cue_spans`` drops a match whose character before is
# a word character outside ASCII ("é"), where CUE_WORD's leading \b does not hold.
_CUE_AFTER = re.compile(r"[^0-9A-Za-z_](" + word_pattern(CUE_VERBS).removeprefix(r"\b") + ")")


def cue_spans(text: str, pos: int, endpos: int, first: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, word) of each match of ``CUE_WORD.finditer(text, pos, endpos)`` (only the
    first with ``first``), found faster in a long text."""
    found: list[tuple[int, int, str]] = []
    at = pos - 1
    if pos <= 0:  # no character before the text: a word may start it
        if (m := CUE_WORD.match(text, 0, endpos)) is not None:
            found.append((0, m.end(), m.group()))
            if first:
                return found
            at = m.end()
        else:
            at = 0
    search = _CUE_AFTER.search
    while (m := search(text, at, endpos)) is not None:
        before = m.start()
        if not text[before].isascii() and text[before].isalnum():  # a word character: no \b there
            at = before + 1
            continue
        found.append((before + 1, m.end(), m.group(1)))
        if first:
            break
        at = m.end()  # the next word starts after a non-word character, at the earliest here
    return found


EVAL_WORD = re.compile(word_pattern(EVALUATIVE_VERBS))
LABEL_RE = re.compile(word_pattern(LABEL_VERBS), re.IGNORECASE)
THOUGHT_WORD = re.compile(word_pattern(THOUGHT_VERBS))
