"""Word lists the extraction signals count, kept as data (never as alternations in a regex).

Each list is a frozenset of casefolded words. The signals in :mod:`index.extract.features`
count how many of a line's words fall in a list; the weights those counts get are fitted on
labelled pages (``scripts/fit_extraction.py``), not set by hand. The lists are short and
general: function words of the languages the labelled pages are written in (jusText's
stop-word density), words that address the reader, and words of site service and navigation
in those languages. None is keyed to a site.

>>> "und" in STOPWORDS["de"] and "the" in STOPWORDS["en"]
True
>>> stopword_language(["der", "die", "und", "ist"])
'de'
"""
from __future__ import annotations

from collections import Counter


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words per language: articles, pronouns, auxiliaries, prepositions, conjunctions.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": _set("""a about after all also an and any are as at be because been before being but by can
        could did do does for from had has have he her his how i if in into is it its it's just like
        may me more most my no not of on one only or other our out over said says she so some than
        that the their them then there these they this those to up us was we were what when where
        which while who will with would you your"""),
    "de": _set("""aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass dem den
        denn der des die dies diese dieser doch du durch ein eine einem einen einer eines er es für
        hat hatte haben ich ihr ihre im in ist ja jetzt kann kein keine man mehr mein mich mir mit
        nach nicht noch nur ob oder schon sein sich sie sind so um und uns unter vom von vor war
        was weil wenn werden wie wir wird wurde zu zum zur über"""),
    "fr": _set("""au aux avec ce ces cette dans de des du elle en est et il ils je la le les leur lui
        mais me même mes moi mon ne nous on ou par pas pour qu que qui sa se ses son sont sur ta te
        tu un une vous été être a avait était fait plus comme tout aussi"""),
    "es": _set("""a al algo como con de del el ella en entre es esta este está fue ha han hay la las le
        les lo los más me mi muy no nos o para pero por que qué se ser si sin sobre su sus también
        te tiene todo un una uno y ya era son cuando donde"""),
    "it": _set("""a al alla anche che chi ci come con da dal dei del della di e è gli ha hanno il in io
        la le lo ma mi ne nel nella non per più questo quella se si sono su sua suo tra un una uno"""),
    "pt": _set("""a ao aos as com como da das de do dos e ela ele em entre era essa este foi isso já mais
        mas na nas no nos não o os ou para pela pelo por que se sem ser seu sua são também um uma"""),
    "nl": _set("""aan al als bij dan dat de den der die dit door een en er het hij hoe ik in is je kan
        maar met na naar niet nog of om onder ook op over te tot uit van voor was we wat wie wij
        worden wordt zal ze zich zijn zo"""),
    "pl": _set("""a aby ale bo by być co czy dla do go i ich ja jak jako je jego jej jest już na nie
        o od oraz po pod przez przy się są ta tak te to tu w we z za że które który która"""),
}
ALL_STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS.values())

# Words that speak to the reader (second person, polite and familiar forms).
READER_WORDS = _set("""you your yours you're yourself du dich dir dein deine deinen deiner ihr euch
    euer eure sie ihnen ihr ihre vous votre vos toi ton ta tes tu usted ustedes tu tus te vosotros
    voi vostro vostra tuo tua você vocês seu sua je jouw jullie u uw ty twój twoja wy""")

# Words of site service and navigation: accounts, sharing, subscriptions, comments, consent,
# legal pages, menus. A line made mostly of these is chrome; the weight is learned.
SERVICE_WORDS = _set("""
    home menu search login log sign register account profile subscribe subscription subscriber
    subscribers newsletter newsletters share shares shared tweet email e-mail print comment comments
    commenting reply replies cookie cookies consent privacy policy terms conditions imprint contact
    advertise advertising advertisement ad ads sponsored sponsor donate donation support membership
    member members premium app apps download follow followers like likes rss feed tags tag
    categories category archive archives related recommended popular trending read more next previous
    see watch listen password passwort contraseña
    prev back top skip navigation click here sitemap copyright rights reserved faq help cart shop
    anmelden abmelden einloggen registrieren suche suchen teilen drucken kommentar kommentare
    kommentieren antworten antwort datenschutz datenschutzerklärung impressum kontakt werbung
    anzeige abo abonnieren abonnement newsletter mehr weiterlesen zurück weiter startseite
    nutzungsbedingungen agb cookies einstellungen folgen gefällt archiv kategorie kategorien
    schlagwörter verwandte ähnliche beiträge beitrag artikel lesen spenden unterstützen
    accueil rechercher connexion inscription partager imprimer commentaire commentaires répondre
    mentions légales confidentialité publicité abonner abonnez lire suite suivant précédent
    inicio buscar iniciar sesión registrarse compartir imprimir comentario comentarios responder
    privacidad aviso legal publicidad suscribirse suscríbete leer siguiente anterior
    cerca accedi registrati condividi commenti rispondi pubblicità iscriviti leggi
    pesquisar entrar compartilhar comentários responder assine
    zoeken inloggen delen reageren reacties
    szukaj zaloguj udostępnij komentarze odpowiedz reklama
    facebook twitter x linkedin whatsapp pinterest instagram youtube tiktok telegram xing reddit
    """)

# Words of photo and media credits.
CREDIT_WORDS = _set("""photo photos photograph image images picture pictures foto fotos bild bilder
    credit credits getty shutterstock alamy istock imago dpa afp reuters ap epa picture-alliance
    illustration video grafik quelle source""")

# Words of a copyright notice ("Copyright 2024 ...") and its closing phrase ("All rights
# reserved"), a phrase matched as consecutive words (:func:`holds_phrase`).
COPYRIGHT_WORDS = _set("copyright")
RIGHTS_RESERVED = (("all", "rights", "reserved"),)
# A picture agency printed as two words or one ("Getty Images", "GettyImages").
PICTURE_AGENCIES = (("getty", "images"), ("gettyimages",))

# Words that open a byline.
BYLINE_WORDS = _set("by von par por di door przez written posted reported words text author autor auteur")

# Words that introduce a date line: publication beats update.
PUBLISHED_WORDS = _set("published posted first released veröffentlicht publié publicado pubblicato")
UPDATED_WORDS = _set("updated modified aktualisiert geändert mis actualizado aggiornato")
DATE_LABEL_WORDS = PUBLISHED_WORDS | UPDATED_WORDS | _set("date datum on online last")

# Words that open a line introducing a headline's kind, printed before it ("VIDEO: ...").
HEADLINE_PREFIXES = _set("""video watch live breaking exclusive opinion analysis update updated
    podcast photos gallery listen explainer review interview comment editorial column""")

# Navigation words that are never a headline or an outlet's name on their own.
NAV_WORDS = _set("""home news menu search sections section latest more main skip content video videos
    photos watch live login log in sign up subscribe account profile top stories world business
    politics sport sports opinion tech technology science health culture entertainment lifestyle
    travel weather local national international regional features editorial editorials blogs
    podcasts newsletters archives archive about contact us help categories topics all trending
    popular""")


def holds_phrase(words: list[str], phrases) -> bool:
    """Whether ``words`` (casefolded) hold one of ``phrases`` (tuples of words) as consecutive words.

    >>> holds_phrase(["photo", "getty", "images"], PICTURE_AGENCIES)
    True
    """
    for phrase in phrases:
        k = len(phrase)
        first = phrase[0]
        for i, w in enumerate(words):
            if w == first and tuple(words[i:i + k]) == phrase:
                return True
    return False


def stopword_language(words: list[str]) -> str | None:
    """The language whose function words are most frequent among ``words`` (casefolded), or None.

    >>> stopword_language("le chat est sur la table".split())
    'fr'
    """
    counts = Counter(words)
    best, best_n = None, 0
    for lang, stops in STOPWORDS.items():
        n = sum(map(counts.__getitem__, stops.intersection(counts)))
        if n > best_n:
            best, best_n = lang, n
    return best


# --- Metadata (outlet, date, byline) ---------------------------------------------------------

# Section and category words a site prints as a kicker, a crumb or a menu item: never the
# outlet's name on their own ("Money", "Photography").
SECTION_WORDS = _set("""news home local national world international uk us europe africa asia americas
    politics business money finance markets economy property sport sports football cricket rugby
    tennis golf opinion comment analysis editorial editorials columns columnists letters culture arts
    books film films music tv television theatre entertainment lifestyle life style fashion beauty food
    drink travel health wellbeing science tech technology environment climate weather education
    society photography photos pictures gallery galleries video videos podcasts features feature long
    reads obituaries obituary notices puzzles crosswords games motoring cars jobs shop""")

# Page utilities printed around a site's banner, passed over when looking for it.
UTILITY_WORDS = _set("""skip to main content navigation nav menu toggle open close show hide primary
    site top sub bar button divider search for this the submit go watch listen us live tv now radio
    stream on air sections section accessibility support donate give account profile login log in
    sign my your homepage home page advertisement advert dismiss breaking news edition e-edition
    paper epaper e-paper today's weather alert alerts traffic closings subscribe register""")

# Words that name a job or a desk, not a person (bylines, name lists).
ROLE_WORDS = _set("""staff reporter reporters editor editors correspondent writer writers desk team
    newsroom contributor contributors columnist press agency service bureau wire senior political
    chief deputy special contributing""")

# Words left in lower case in Title Case names and headlines.
SMALL_WORDS = _set("a an and as at but by for from in into of on or the to vs via with")

# Lower-case particles inside personal names ("Ludwig van Beethoven").
NAME_PARTICLES = _set("de van von da bin al el la le du der den")

# Words a logo's alt text or a home-page title adds to a site's name ("X logo", "X - Home").
LOGO_WORDS = _set("logo")
HOME_WORDS = _set("home homepage")

# What a page calls itself in "This article was published on ...".
PIECE_WORDS = _set("article story piece report page post")

# What a site calls itself in a slogan ("X is your source for ...").
SLOGAN_NOUNS = _set("source destination home place site guide hub window")

# Top-level domains a site may print as its banner ("harlowvale.news").
BANNER_TLDS = _set("""news com org net info media press online uk ie ca us io tv today live blog de
    fr es ch at it nl eu""")

# Words that open a photo credit line ("Photo: ...", "Image credit: ...").
CREDIT_OPENERS = _set("""photo photos photograph photographs image images picture pictures pic
    illustration graphic graphics credit credits courtesy featured top header lead video source
    foto fotos bild bilder quelle""")

# Wire agencies and broadcasters credited in datelines and on bylines, by the form printed.
WIRE_AGENCIES = {
    "reuters": "Reuters", "ap": "Associated Press", "associated press": "Associated Press",
    "afp": "AFP", "agence france-presse": "AFP", "upi": "UPI", "bloomberg": "Bloomberg",
    "xinhua": "Xinhua", "cnn": "CNN", "dpa": "dpa", "kyodo": "Kyodo", "ani": "ANI", "pti": "PTI",
    "ians": "IANS", "tass": "TASS", "efe": "EFE", "ansa": "ANSA", "yonhap": "Yonhap", "cna": "CNA",
    "bernama": "Bernama", "aap": "AAP", "pa": "PA", "cnbc": "CNBC", "abc news": "ABC News",
    "nbc news": "NBC News", "cbs news": "CBS News", "bbc": "BBC", "ians/ani": "IANS",
    "prnewswire": "PR Newswire", "pr newswire": "PR Newswire", "businesswire": "Business Wire",
    "business wire": "Business Wire", "globe newswire": "GlobeNewswire", "globenewswire": "GlobeNewswire",
}

# Verbs and articles that open a short biography ("Jane Doe is a correspondent ...").
BIO_VERBS = _set("is was has writes covers joined reports ist war schreibt est était es fue")
BIO_ARTICLES = _set("a an the ein eine un une el la")

# A count of readers' comments printed over a comment thread ("12 Comments", "One thought on ...",
# "3 Antworten zu ...", "No Responses"): the count (a number, or these words) and the noun.
COMMENT_COUNTS = _set("one no keine kein aucun ningún nessun")
COMMENT_NOUNS = _set("""
    comment comments reply replies response responses thought thoughts reaction reactions
    kommentar kommentare antwort antworten reaktionen commentaire commentaires réponse réponses
    comentario comentarios comentário comentários respuesta respuestas commento commenti risposte
    reacties reactie komentarz komentarze komentarzy odpowiedzi
""")
