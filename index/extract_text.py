"""Article extraction from scraped text pages.

A scraper that copies a news page's visible text gets everything: site banner, menus,
headline, date, byline, body, photo captions, "Related" lists, comment and sign-up forms and
the footer, one block element per line with a blank line after paragraphs and headings.
:func:`extract_scraped_text` turns such a dump into an :class:`~index.article.Article`.

How it works (the ideas of jusText and trafilatura, applied to lines of text):

1. **Lines** (:func:`split_lines`): every non-blank line is a block; we note whether blank
   lines set it off (headings and paragraphs are, menu items are not), re-join drop capitals
   ("T" + "urkey, Poland ...") and the lines of hard-wrapped paragraphs (:func:`unwrap`).
2. **Classification** (:func:`classify_line`): each line is *prose* (long, sentence-like, many
   function words), *near-prose* (shorter sentences) or *short*, and carries flags from
   generic vocabularies: boilerplate (share bars, "Read more", sign-up, membership and cookie
   prompts), *stops* where the article has certainly ended (comment forms, paywalls, the site's
   copyright line), captions and credits, date, byline and label lines, bullets, links.
3. **Main block** (:func:`select_main_block`): prose lines score their length (half when no
   other prose is near: teasers stand alone), chrome lines cost a little, boilerplate more;
   the best-scoring run of lines between two stops (Kadane) is the article. Across a gap of
   chrome it continues only into text that reads like an article (two prose lines in a row),
   never into teaser cards that carry their own dates. On a live blog (three or more entries,
   each under a line that is only a clock time) the block takes in every entry.
4. **Headline** (:func:`choose_headline`): the best-scoring short line above the block: near
   it, set off by blank lines, right above the date/byline, printed twice, followed by a
   deck, not a menu item, slogan, section label or the author's name; never a menu flattened
   onto one line, a row of figures ("Shots on target 6 3"), the value under a "From:" field or
   a reporter's role line. On pages without blank lines, two headings stacked right above the
   byline/date are headline and deck (:func:`_stacked_heading`). The site's banner at
   the top of the page (:func:`masthead`: its name with a slogan, section crumbs or tagline
   printed right under it) is never the headline when a heading follows it. A column's author
   box ("By Jane Doe" / "Jane Doe is a ...") is chrome, so the headline under it wins over the
   label above it ("Guest columnist").
5. **Body** (:func:`assemble_body`): the standfirst, the block's prose, and short lines that
   sit between prose (subheadings, list items) unless a "Related"-style label introduces
   them; captions, credits, promos, a bulleted summary, a trailing reporter bio, duplicates
   and truncated teasers are left out.
6. **Metadata**: outlet (:func:`find_outlet`: a wire credit in the dateline or byline, else
   the site's name from its banner, without crumbs or tagline, capitals in title case; never
   a slogan; :func:`top_banner`: the first line under the page utilities when the site's menu
   follows it or the page names itself again in a copyright line or credit), date
   (:func:`find_published`: only near the headline, never from a caption, "Published" over
   "Updated"; 09/03/2024 read day or month first by the page's other dates, else its locale:
   :func:`index.dates.guess_day_first`), byline (:func:`find_byline`).

Every rule is generic (lengths, punctuation, position, repetition and English boilerplate
vocabulary); none is keyed to a particular site. Pages without English prose fall back to
length and punctuation alone. Measured by ``scripts/eval_extraction.py``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from index.article import Article
from index.dates import DateMatch, find_dates, guess_day_first, nearest

__all__ = ["Line", "extract_scraped_text", "split_lines", "unwrap", "classify", "classify_line",
           "select_main_block", "choose_headline", "assemble_body", "find_outlet", "dateline_credit",
           "site_name", "masthead", "banner_name", "top_banner", "find_published", "find_byline"]

PROSE, NEAR, SHORT = "prose", "near", "short"

# Flags that make a line page chrome rather than article text.
CHROME_FLAGS = frozenset({"boiler", "stop", "copyright", "caption", "credit", "date", "byline",
                          "url", "bio", "label", "teaser", "promo"})

# ---------------------------------------------------------------------------------------------
# Vocabulary (generic English; nothing site-specific)
# ---------------------------------------------------------------------------------------------

STOPWORDS = frozenset("""
a about above after again against all also although am an and any are aren't as at be because
been before being below between both but by can cannot could did didn't do does doesn't doing
don't down during each either even ever every few for from further had hadn't has hasn't have
haven't having he he'd he'll he's her here here's hers herself him himself his how however i i'd
i'll i'm i've if in into is isn't it it's its itself just let's like many may me might more most
much must my myself neither no nor not now of off often on once one only or other ought our ours
ourselves out over own per rather same several she she'd she'll she's should so some such than
that that's the their theirs them themselves then there there's these they they'd they'll they're
they've this those though through to too toward under until up upon us very was wasn't we we'd
we'll we're we've were weren't what what's when where which while who whom whose why will with
within without would yet you your yours yourself said says say told also new
""".split())

# Navigation words that are never a headline or a site name on their own.
NAV_WORDS = frozenset("""
home news menu search sections section latest more main skip content video videos photos
watch live login log in sign up subscribe account profile top stories world business politics
sport sports opinion tech technology science health culture entertainment lifestyle travel
weather local national international regional features editorial editorials blogs podcasts
newsletters archives archive about contact us help categories topics all trending popular
""".split())

_RE_FLAGS = re.I | re.X

# Lines (short ones) that are page chrome: share bars, promos, sign-up prompts, labels.
_BOILER_LINE = re.compile(r"""^(?:
    share(?:\s*(?:this|on|via|the|story|article|options|selection|all|\||:).*)? | shares? |
    tweet | e-?mail(?:\s+(?:this|the\ author|to\ a\ friend|us))? | print | facebook | twitter |
    linkedin | whatsapp | reddit | pinterest | flipboard | telegram | messenger | pocket | instagram |
    youtube | tiktok | rss(?:\s+feeds?)? | copy\ (?:link|url).* | link\ copied | save(?:\ (?:it\ )?for\ later)? |
    pin(?:\ it)?(?:\ for\ later)? | bookmark(?:\ this)? |
    more | x | ✕ | close | comments?\ \d+ | print\ this.* |
    click\ (?:to|here)\b.* |
    [-–—]?\s*advertisement\s*[-–—:]? | advert | sponsored(?:\ (?:content|links?|stories|by\b.*))? |
    adchoices | ad\ choices | story\ continues\ below.* | promoted\ (?:links|stories|content).* |
    (?:read|see|view|show|load)\ (?:more|also|next|all|full)\b.* | see\ also\b.* | also\ read\b.* |
    related(?:\s+(?:topics|articles|stories|posts|content|coverage|news|videos|links|reading))?\b.* |
    more\ (?:from|on|in|about|stories|news|coverage|videos|like\ this|to\ read)\b.* |
    most\ (?:read|popular|viewed|shared|watched|recent)\b.* | trending\b.* | recommended\b.* |
    you\ (?:may|might)\ (?:also\ )?(?:like|enjoy)\b.* | editors?['’]?\ (?:picks?|choice|recommendations?)\b.* |
    don['’]t\ miss\b.* | up\ next\b.* | next\ up\b.* | (?:previous|next)\s*(?:article|post|story|page)\b.* |
    read\ next\b.* | next\ story\b.* | continue\ reading\b.* | top\ stories |
    latest\ (?:news|stories|articles|posts|videos) |
    sign\ ?(?:up|in|out)\b.* | log\ ?(?:in|out)\b.* | subscribe\b.* | newsletters?\b.* | register\b.* |
    create\ (?:an\ )?account\b.* | forgot\ (?:your\ )?password.* | (?:my|your)\ account |
    source\ link | scroll\ to\ top | back\ to\ top | skip\ to\ .* | jump\ to\ .* | toggle\ .* |
    filed\ under\b.* | tags?\s*:.* | tagged\s*:?.* | topics?\s*:.* | categor(?:y|ies)\s*:.* | labels?\s*:.* |
    posted\ in(?-i:(?![a-z])).* | more\ about\b.* | about\ (?:the\ )?author\b.* | about\ us |
    photo\ credits? | image\ credits? | explore\ further | further\ reading | click\ to\ enlarge |
    view\ image | enlarge\ image |
    view\ this\ post\ on\ \w+ | a\ post\ shared\ by\b.* | embed\b.* |
    report\ (?:a\ correction|an\ error|a\ typo|this)\b.* | error\ report | our\ standards\b.* |
    (?:write\ a\ )?letters?\ to\ the\ editor | (?:submit\ an?\ )?(?:op-?ed|letter) |
    (?:this\ (?:article|story)\ )?(?:was\ )?originally\ (?:published|appeared|posted)\ (?:by|in|on|at)\b.* |
    the\ trust\ project.* | reuse\ (?:this\ )?content.* | reprints?\b.* | republishing |
    privacy(?:\ (?:policy|notice|settings|overview))? | terms\ (?:of|and|&)\ (?:use|service|conditions)\b.* |
    cookies?\b.* | accept(?:\ all)?(?:\ cookies)? | i\ accept |
    (?:watch|listen|video|audio|gallery|photos?|podcast)\s*:.* |
    follow\ us\b.* | social\ (?:share|media|links)\b.* | (?:new,?\ )?\d+\ (?:comments?|shares?|views?|reactions?) |
    connect\ with\ us\b.* | stay\ connected | get\ (?:the|our)\ app.* |
    get\ (?:e-?mails?|alerts?|notifications|updates)\ (?:about|on|for|when)\b.* | see\ all\ updates |
    (?:\d+\s*)?(?:min(?:ute)?s?|hours?)\.?\ read | (?:\d+\s+)?views? | \d+\ (?:of|/)\ \d+ |
    (?:next|previous|prev)\ (?:image|photo|slide) | loading\W* | listen(?:\ to\ this\ (?:article|story))?.* |
    play | pause | replay(?:\ video)? | \d{1,2}:\d{2}
)$""", _RE_FLAGS)

# Promo lines of any modest length: "See also ...", "Read more: ...", "Related: ...".
_PROMO = re.compile(r"^(?:see\ also|read\ more|read\ also|also\ read|more\ reading|read\s*:"
                    r"|related(?:\ (?:articles?|stories|story|"
                    r"coverage|content|reading|posts?))?|recommended(?:\ (?:reading|stories|for\ you))?|"
                    r"don['’]t\ miss|more\ on\ this(?:\ story)?|click\ here"
                    r"|(?:previous|next)\s*(?:article|post|story)|"
                    r"you\ may\ (?:also\ )?like|most\ read|editor['’]?s\ picks?)\b", re.I)

# Labels that introduce a list of links to other stories.
_LIST_INTRO = re.compile(r"^(?:related|more\b|most\ (?:read|popular|viewed|shared)|recommended|see\ also"
                         r"|read\ (?:more|next|also)"
                         r"|also\ read|you\ (?:may|might)\ (?:also\ )?like|trending|top\ stories|latest|popular"
                         r"|editors?['’]?s?\ picks?|don['’]t\ miss|up\ next|next\ up|further\ reading|explore\ further"
                         r"|what\ to\ (?:read|watch)\ next|elsewhere|(?:next|previous)\s*(?:article|story|post)\b)",
                         re.I | re.X)

# Promo prefixes written in capitals: "READ MORE: ...", "RELATED: ...", "PREVIOUS ...".
_BOILER_CAPS = re.compile(r"^(?:READ MORE|RELATED|PREVIOUS|NEXT|MORE|WATCH|SEE ALSO|ALSO READ|"
                          r"LISTEN|VIDEO|PHOTOS|GALLERY|SPONSORED|ADVERTISEMENT)\b")

# Phrases that mark chrome in a line of any length (cookie notices, disclosures, forms).
_BOILER_PHRASE = re.compile(r"""(?<!\w)(?:
    your\ email\ address\ will\ not\ be\ published | required\ fields\ are\ marked |
    (?:we|this\ (?:web)?site)\b.{0,30}\b(?:use|uses|store|stores)\ cookies | by\ continuing\ to\ (?:use|browse) |
    accept\ (?:all\ )?cookies | cookie\ (?:policy|settings|notice|preferences) |
    (?:running|using)\ an?\ ad.?blocker | (?:disable|turn\ off)\ your\ ad.?blocker | how\ do\ i\ whitelist |
    we\ may\ (?:earn|receive)\ (?:an?\ )?(?:small\ )?(?:affiliate\ )?(?:commission|compensation) |
    may\ receive\ compensation | affiliate\ commission | (?:contains|may\ contain)\ affiliate\ links |
    contains\ references\ to\ products | supported\ by\ (?:its|our)\ (?:audience|readers) | protected\ by\ recaptcha |
    by\ (?:signing\ up|subscribing|submitting\ your\ email|clicking)\b.{0,30}\b(?:agree|consent) |
    keep\ you\ (?:informed|updated)\ about | (?:join|subscribe\ to|sign\ up\ for)\ (?:our|the)\ mailing\ list |
    mailing\ list\ (?:consent|is\ powered) |
    (?:sign\ up|subscribe|register)\ (?:for|to)\ (?:our|the)\b.{0,40}\bnewsletters? |
    (?:get|receive)\ (?:our|the)\b.{0,40}\bnewsletters? | delivered\ (?:straight\ )?to\ your\ inbox |
    (?:sign\ in|log\ in|subscribe|register)\ (?:now\ )?to\ (?:continue|keep)\ reading | for\ the\ full\ story |
    free\ articles?\ (?:left|remaining) | create\ a\ password | to\ finish\ signing\ up |
    please\ (?:be\ respectful|keep\ comments) | (?:our|read\ the|adhere\ to)\ community\ guidelines |
    commenting\ policy | all\ rights\ reserved | not\ responsible\ for\ the\ (?:content|opinions) |
    leave\ a\ (?:comment|reply) | (?:these\ are\ )?external\ links?\ (?:and\ )?(?:will|may)\ open |
    opens?\ in\ (?:a\ )?new\ (?:window|tab) | media\ playback\ is\ (?:unsupported|not\ supported) |
    (?:article|story)\ bookmarked | your\ bookmarks | don['’]t\ show\ me\ this |
    please\ enter\ a\b.{0,20}\b(?:search|email|password|term|username) |
    your\ browser\ (?:needs|does\ not\ support|is\ out\ of\ date) | older\ browser\ version |
    (?:enable|needs|turn\ on|switch\ on|requires)\ javascript |
    (?:the\ )?(?:views|opinions)\ expressed\b.{0,60}\b(?:author|writer|columnist|contributor)s?['’]?s?\b |
    do\ not\ necessarily\ (?:reflect|represent)\ (?:those|the\ (?:views|opinions|position)) |
    (?:send|write|submit|email|e-mail)\ (?:us\ )?(?:a|your)\ letter\b | submit\ (?:a|your)\ (?:letter|op-?ed)\b |
    (?:is|are)\ (?:entirely\ |proudly\ |100%\ )?(?:reader|member|listener)[-\ ](?:funded|supported|powered)\b |
    chip\ in\b.{0,20}[$£€]\s?\d | thanks\ for\ reading\b.{0,60}\b(?:subscribe|sign\ up|newsletter|free\ posts?)\b |
    \b(?:use|uses|set|sets)\ (?:[\w-]+\ ){0,2}cookies\b | (?:accept|reject|manage|view)\b.{0,25}\bcookies\b
)""", _RE_FLAGS)

# Riskier phrases, trusted only in short lines (up to 20 words).
_BOILER_PHRASE_SHORT = re.compile(r"""(?<!\w)(?:
    (?:download|get)\ (?:the|our)\b.{0,40}\bapps?\b | follow\ us\ on | copy\ (?:this\ )?link |
    share\ (?:this\ )?(?:panel|story|article|page|post) | sharing\ options | community\ guidelines |
    external\ links? | affiliate\ links? | whitelist
)""", _RE_FLAGS)

# Membership, subscription and newsletter pitches ("... members read the site ad-free. Join today
# for $2.99 a month.", ">> Get our briefing: enter your email to sign up. Unsubscribe anytime."):
# a call to action opening a sentence, plus two hooks of the pitch (a price per period, "ad-free",
# an e-mail box, "unsubscribe", members/subscribers, a newsletter). Each alone can be news
# ("Netflix raised its price to $15.49 a month"); together, in a short line, they are a pitch.
_CALL_TO_ACTION = re.compile(r"(?:^\W*|[.!?:]\s+)(?:join|subscribe|sign\ ?up|enter|get|become|try|start|register|"
                             r"support|upgrade|unlock|download|stay\ (?:up\ to\ date|informed|updated|in\ the\ know))\b",
                             re.I | re.X)
_UPSELL_HOOK = re.compile(r"""(?<!\w)(?:
    [$£€]\s?\d+(?:[.,]\d{1,2})?\s*(?:a|an|per|/)\s*(?:month|week|year|mo|yr)\b | ads?[-\ ]free\b |
    (?:without|no)\ ads\b | e-?mail\b | unsubscribe\b | no\ spam\b | cancel\ any\ ?time\b | free\ trial\b |
    unlimited\ access\b | members?(?:hip)?\b | subscri(?:be|bers?|ptions?)\b | sign\ ?up\b | newsletters?\b |
    inbox\b
)""", _RE_FLAGS)
# A line that starts with a promo arrow (">> Get the ...", "» Sign up ...") is a link, not text.
_PROMO_ARROW = re.compile(r"^\s*(?:>>|»|→|►|▶)\s+\S")   # "»Quote«" (German quoting) has no space

# Share targets: a line made only of them ("Facebook  Twitter  LinkedIn  Email") is a share bar.
_SHARE_TARGETS = frozenset("""facebook twitter x linkedin whatsapp email e-mail mail print pinterest reddit
telegram messenger flipboard pocket tumblr threads bluesky mastodon sms copy link share""".split())
_SHARE_FILLERS = frozenset("on via by send to the this article story page post it".split())

# Promos labelled in capitals: "A SIMPLE GUIDE: How do I ...", "LOOK-UP TOOL: Check ...".
_CAPS_LABEL = re.compile(r"^(?=[A-Z '’&-]{5,}:)(?:[A-Z][A-Z'’&-]*\s){0,3}[A-Z][A-Z'’&-]+:\s+\S")

# Lines after which the article has certainly ended (comments, paywalls, end-of-page tools).
_STOP_LINE = re.compile(r"""^(?:
    leave\ a\ (?:comment|reply)\b.* | post\ a\ comment | add\ (?:a\ )?comment | write\ a\ comment |
    join\ the\ (?:discussion|conversation|debate)\b.* | comment\ on\ (?:this\ )?(?:post|article|story) |
    (?:\d+|no)\s+(?:comments?|responses?|replies)\b.* | comments?(?:\s*\(\d+\))?(?:\s*[-:–—].*)? |
    show\ (?:all\ )?comments.* | load\ comments | view\ (?:all\ )?comments.* | see\ (?:all\ )?comments.* |
    (?:user|reader|\d+)\ comments(?:\s*\(\d+\))? | discussion | conversation |
    .{0,20}\b(?:leave\ a\ (?:comment|reply)|post\ a\ comment|join\ the\ (?:discussion|conversation)) |
    (?:please\ )?(?:log|sign)\ in\ to\ (?:comment|leave\ a\ comment|post|join)\b.* | be\ the\ first\ to\ comment.* |
    there\ are\ no\ comments.* | your\ email\ address\ will\ not\ be\ published.* |
    this\ article\ is\ free\ to\ read.* |
    (?:subscribe|sign\ in|log\ in|register)\ (?:now\ )?to\ (?:continue|keep\ reading|read\ (?:the\ )?(?:full|rest)).* |
    .*\bfor\ the\ full\ story\.? | you\ have\ \d+\ free\ articles?.* |
    scroll\ to\ top | source\ link |
    (?:share|tell\ us|let\ us\ know|leave|post|add|give)\b.{0,80}\bin\ the\ comments?(?:\ (?:below|section))?\W*
)$""", _RE_FLAGS)

_COPYRIGHT = re.compile(r"(?:©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved)", re.I)
_IMAGE_WORDS = re.compile(r"(?<!\w)(?:getty|images?|photo\w*|provided by|shutterstock|alamy|afp|reuters|"
                          r"ap photo|epa|pictured|courtesy)\b", re.I)

# Photo captions and credits.
_CREDIT_LINE = re.compile(r"""^\(?\s*(?:
    (?:photo(?:graph)?s?|image|picture|pic|illustration|graphic|graphics|credit|courtesy|
       featured\ image|top\ image|header\ image|lead\ image|video|source)(?:\ credit)?s?\s*(?::|\.\.\.|by\b)
  | media\ caption | image\ caption | image\ copyright
)""", _RE_FLAGS)
_CREDIT_IN_LINE = re.compile(r"""(?<!\w)(?:
    \(\s*photo(?:graph)?\s+(?:by|credit|courtesy)[^)]*\) | \bgetty\ ?images?\b | \bvia\ getty\b |
    \b(?:photo(?:graph)?|image|credit|illustration)\s*(?::|\.\.\.)\s*\S |
    (?-i:\b(?:Picture|Pic|Pictures)\s*:\s*[A-Z][^.!?:]{0,60}$) |
    \((?:[A-Z][\w.'’-]*\s){1,3}[A-Z][\w.'’-]*\s?/\s?[A-Z][\w&.'’ -]{1,40}\)\s*$ |
    ©\s*(?:getty|provided\ by|shutterstock|alamy) | \bshutterstock\b | \balamy\b |
    \((?:left|right|centre|center|second\ (?:from\ )?(?:left|right)|front|back|top|bottom|l|r|pictured|file)\) |
    \bmedia\ caption | \bimage\ caption | \bimage\ copyright
)""", _RE_FLAGS)
_CREDIT_AGENCY = re.compile(r"(?:\((?:[^()]*\b)?(?:Getty|AFP|Reuters|REUTERS|AP Photo|EPA|Xinhua|FILE|File)\b"
                            r"[^()]*\)\s*$"
                            r"|\b(?:REUTERS|Reuters|AFP|AP|EPA)/[A-Z]|/\s?(?:AFP|Reuters|AP|EPA|Getty|Bloomberg)\b)")

_BYLINE_START = re.compile(r"^(?:(?i:written|posted|reported|article|story|words|text)\s+)?"
                           r"(?:(?i:by)(?=[\s:]|$)|By(?=[A-Z][a-z]))[\s:]*")
_META_LABEL = re.compile(r"^(?:by|date|published|posted|updated|last updated|written by|author|authors|"
                         r"words by|release date|posted on|published on)\s*:?$", re.I)
_DATE_LABEL = re.compile(r"^\W*(?:published|posted|updated|last modified|modified|date|online|first published|"
                         r"release date|dated)\b|\b(?:published|posted|updated|modified)\s*(?:on|at|:)", re.I)
# A timeline entry in a story ("March 3, 2021: Inspectors find cracks"), not a meta date.
_TIMELINE = re.compile(r"^[\w ,.]{6,30}?\d{4}\s*(?::|[-–—])\s+(?:[^\W\d]\w*\W+){2,}")
_UPDATED_LABEL = re.compile(r"\b(?:updated|last modified|modified)\b", re.I)
_URL = re.compile(r"^(?:https?://\S+|www\.\S+|(?:[\w-]+\.)+(?:com|org|net|co|io|gov|edu|uk|info|news|tv)"
                  r"(?:\.[a-z]{2})?(?:/\S*)?)$", re.I)
_BREADCRUMB = re.compile(r"^[^/»>›|]{1,30}(?:\s(?:/|»|>|›|\|)\s[^/»>›|]{1,30})+$"
                         r"|^(?:[^»>›]{1,30}\s?[»>›]\s?){2,}[^»>›]+$")
_WEEKDAY = r"(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?"
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
               r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
# Dates without a year, weekdays, times ("Friday, 25 February", "Jan 18", "2000 GMT", "5 minutes ago").
_PARTIAL_DATE = re.compile(
    rf"^(?:{_WEEKDAY},?\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAME}|{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    rf"(?:,?\s*(?:at\s+)?{_CLOCK})?$"
    rf"|^{_WEEKDAY}$|^\d{{3,4}}\s*(?:GMT|BST|UTC|ET)$"
    rf"|^\d+\s+(?:min(?:ute)?s?|hours?|days?|weeks?)\s+ago$|^(?:yesterday|today)(?:,?\s*{_CLOCK})?$", re.I)
_CATEGORY = re.compile(r"^(?:in|under)\s+[A-Z][\w&' -]*(?:,\s*[A-Z][\w&' -]*)*$")  # "in Business, Press"
_BULLET = re.compile(r"^[•·▪●◦‣∙■□➤►✓✔]\s*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d.,:%$£€]*")
_TERMINAL = re.compile(r"""[.!?:;]["'”’»)\]]*$|[.!?]["'”’»)\]]*\s*\S{0,12}$""")
_SENTENCE_END = re.compile(r"""[.!?]["'”’)\]]*$""")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")

# "About Acme Ltd": the boilerplate section that closes a press release.
_ABOUT_SECTION = re.compile(r"^About\s+(?!the\s+(?:author|writer))[A-Z][\w&.'’ -]{1,60}$")

# A short paragraph describing a person: the reporter bio that follows many stories.
_BIO_START = re.compile(r"^(?-i:[A-Z][\w.'’-]*)(?:\s+(?-i:[A-Z])[\w.'’-]*){1,3}\s+(?:is|was|has|writes|covers|"
                        r"joined|reports|serves|previously)\b|^(?:senior|staff|contributing|deputy|managing|executive|"
                        r"chief)?\s*(?:editor|writer|reporter|correspondent|journalist|columnist)\b", re.I)
# ... whose first sentence says what the person does: "is a senior foreign policy correspondent",
# "is the Gazette's local democracy reporter", "writes about ...", "covers ...".
_BIO_ROLE = re.compile(r"\b(?:is|was|has\s+been|serves\s+as|works\s+as)\s+(?:(?:a|an|the)\s+|[\w.-]+['’]s\s+)?"
                       r"(?:[\w&,'’-]+\s+){0,6}?(?:correspondent|reporter|writer|editor|journalist|columnist|"
                       r"contributor|producer|author|founder|consultant|analyst|photographer|blogger|freelancer?|"
                       r"critic|chief|fellow)s?\b|\b(?:writes|covers|reports)\s+(?:on|about|for|the|features|news)\b"
                       r"|\bcovers\s+(?-i:[A-Z])|^(?:senior|staff|contributing|deputy|managing|executive|chief)?\s*"
                       r"(?:editor|writer|reporter|correspondent|journalist|columnist)\b", re.I)

# Wire credits in a dateline: "BEIJING (Reuters) –", "WASHINGTON (AP) —", "PARIS, June 5 (AFP) -".
# Press-release wires credit themselves between slashes: "LONDON, June 5, 2023 /PRNewswire/ --".
_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z.'’\- ]{1,40}(?:,\s*[A-Za-z.'’ ]{2,30}){0,2}(?:,\s*[\w .,]{3,20}?)?\s*)?"
                       r"(?:\((?P<credit>[A-Za-z][\w .&/-]{0,30})\)|/(?P<wire>[A-Za-z][\w .&-]{1,30})/)"
                       r"\s*(?:[-–—]+|:)\s*")
# The place-and-date opening of a story, up to its dash: "SOUTHPORT, England, June 5, 2023 /X/ --".
_DATELINE_PREFIX = re.compile(r"^(?P<prefix>[A-Z][A-Z .'’-]{1,40}(?:,[^—–()]{2,60}?)?)(?:\s*\([^)]{1,30}\)|\s*/[^/]{1,30}/)?"
                              r"\s*(?:--|—|–|-)\s")
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
_CALL_SIGN = re.compile(r"^[KW][A-Z]{2,3}(?:-TV)?$")

# "X is your go-to source for ...", "Welcome to X, ..." — a site naming itself.
_SITE_SLOGAN = re.compile(r"^(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s+(?:is|are)\s+(?:your|the|a|an)\b.{0,40}?"
                          r"\b(?:source|destination|home|place|site|guide|hub|window)\b", re.I)
_WELCOME = re.compile(r"^welcome to (?:the )?(?P<name>[A-Z][\w&.'’ -]{1,40}?)(?:[,!.:;|]|\s+[-–—]|$)", re.I)
# Typographic ornaments around a site name in a banner ("⎯ 《 Fortune • Sky 》").
_DECORATION = re.compile(r"[《》〈〉«»‹›【】〔〕⟨⟩•·⎯―★☆◆◇■□●○►▶◀▪]+")

# Where a banner line's site name ends and its tagline ("Name — News that matters to ...") or
# section crumbs ("Name | Business", "Name › Science") begin; dots separate crumbs only when there
# are two or more ("Name · World · Science"), since one may just decorate a name ("Fortune • Sky").
_BANNER_SPLIT = re.compile(r"\s+(?:[|/›»>]|[-–—]{1,2}|::)\s+")
_CRUMB_DOT = re.compile(r"\s+[·•]\s+")

# Page utilities printed above or around a site's banner, before its menu: skip links, "Watch
# live", the menu and search buttons, accessibility links ("Skip to main content", "WATCH LIVE",
# "Menu", "Search for:", "Top navigation"). They are passed over when looking for the banner;
# a menu item ("Home", "News", "Local") ends the search instead.
_TOP_UTILITY = re.compile(r"""^(?:
    skip\b.* | (?:watch|listen)(?:\ us)?\ live\b.* | live(?:\ tv|\ now|\ radio|\ stream)? | on\ air |
    (?:open|close|toggle|show|hide)?\s*(?:the\ )?(?:main\ |primary\ |site\ |top\ |sub\ ?)?(?:menu|navigation|nav)
        (?:\ (?:menu|navigation|bar|button|divider))?(?:\ \d+)? |
    search(?:\ for|\ this\ site|\ the\ site)?\s*:?(?:\s*(?:submit|search|go))? | sections? | accessibility\b.* |
    (?:support|donate|give)\b.* | (?:\w+\ )?(?:account|profile|login) | (?:my|your)\ \w+ |
    home\ ?page | advertisement | advert | close | dismiss | breaking(?:\ news)? | e-?edition | e-?paper |
    (?:today['’]s\ )?paper | weather\ alerts? | traffic | closings | go
)$""", _RE_FLAGS)
# A line of market or weather data in a ticker above the banner ("DOW 39,112.16 +0.42%", "98°F").
_TICKER = re.compile(r"(?:^|\s)[+\-−]\d[\d,.]*%?(?:\s|$)|\d\s?°\s?[CF]?\b|\d%(?:\s|$)")

# Words that name a job or a desk, not a person (bylines, name lists).
_ROLE_WORDS = frozenset("""staff reporter reporters editor editors correspondent writer writers desk team
newsroom contributor contributors columnist press agency service bureau wire""".split())

# Words left in lower case in Title Case headlines.
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to vs via with".split())

# Where the names on a byline end: a separator, a date, a role, a time.
_BYLINE_STOP = re.compile(r"\s*(?:[|•·@]|\s[-–—]\s|\s+on\s+|\s+(?:updated|published|posted)\b|\d"
                          r"|,\s*(?:staff|senior|political|chief|deputy|editor|reporter|correspondent|contributor"
                          r"|special)|(?:Staff|Senior|Contributing) (?:Writer|Reporter|Editor)|Political Editor|$)",
                          re.I)
_MONTH_WORD = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d", re.I)

# Whitespace to collapse, and the quote/dash forms folded when comparing lines.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00ad": None,
                         "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})


# ---------------------------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------------------------

@dataclass
class Line:
    """One non-blank line of the page and what we learned about it."""

    idx: int                      # position among non-blank lines
    text: str
    gap_before: bool = True       # a blank line (or the page start) comes before it
    gap_after: bool = True
    words: int = 0
    stopword_ratio: float = 0.0
    kind: str = SHORT             # PROSE, NEAR or SHORT
    flags: set[str] = field(default_factory=set)
    dates: list = field(default_factory=list)

    @property
    def chrome(self) -> bool:
        """Whether a flag marks this line as page chrome rather than article text."""
        return bool(self.flags & CHROME_FLAGS)

    @property
    def prose(self) -> bool:
        """Whether this is a (near-)prose line that no flag marks as chrome."""
        return self.kind in (PROSE, NEAR) and not self.chrome


def norm_text(s: str) -> str:
    """A comparable form of a line: NFKC, plain quotes and dashes, single spaces, casefolded."""
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(_QUOTES)
    return _SPACES.sub(" ", s).strip().casefold()


def wrap_width(raw: list[str]) -> int | None:
    """The column a hard-wrapped page was wrapped at (text dumps like ``lynx -dump`` wrap
    paragraphs at 70-80 columns), or None when lines are whole paragraphs.

    Wrapped: no line is much longer than ~120 characters, most longer lines end within 20
    characters of the widest one, and many of them continue mid-sentence on the next line.
    """
    long_ = [i for i, ln in enumerate(raw) if len(ln) >= 30]
    if len(long_) < 8:
        return None
    width = max(len(raw[i]) for i in long_)
    if width > 120:
        return None
    band = [i for i in long_ if len(raw[i]) >= width - 20]
    continued = sum(1 for i in band if i + 1 < len(raw) and raw[i + 1][:1].islower())
    open_ended = sum(1 for i in band if not _SENTENCE_END.search(raw[i]))
    if len(band) < 0.5 * len(long_) or continued < 0.3 * len(band) or open_ended < 0.5 * len(band):
        return None
    return width


def unwrap(raw: list[str]) -> list[str]:
    """Re-join the lines of hard-wrapped paragraphs: a line that reaches the wrap column
    continues on the next non-blank line unless that one starts a list item."""
    width = wrap_width(raw)
    if width is None:
        return raw
    out: list[str] = []
    joinable = False
    for ln in raw:
        if ln and joinable and out and out[-1] and not _BULLET.match(ln) and not re.match(r"^\d+[.)]\s", ln):
            out[-1] = out[-1] + " " + ln
        else:
            out.append(ln)
        joinable = bool(ln) and len(ln) >= width - 25
    return out


def split_lines(text: str) -> list[Line]:
    """The page's non-blank lines, whitespace tidied, with blank-line separation noted.

    A lone capital letter followed by a line starting in lower case is a drop capital and is
    joined back ("T" + "urkey, Poland ..." -> "Turkey, Poland ...").
    """
    raw = [_SPACES.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    raw = unwrap(raw)
    lines: list[Line] = []
    gap = True
    i = 0
    while i < len(raw):
        t = raw[i]
        if not t:
            gap = True
            if lines:
                lines[-1].gap_after = True
            i += 1
            continue
        if len(t) == 1 and t.isupper():  # drop capital
            j = i + 1
            while j < len(raw) and not raw[j]:
                j += 1
            if j < len(raw) and raw[j][:1].islower():
                t = t + raw[j]
                i = j
        if lines and not gap:
            lines[-1].gap_after = False
        lines.append(Line(len(lines), t, gap_before=gap))
        gap = False
        i += 1
    if len(lines) >= 20 and sum(ln.gap_before for ln in lines) < 0.05 * len(lines):
        for ln in lines:      # no blank lines at all: the layout tells nothing, so treat every
            ln.gap_before = ln.gap_after = True   # line as set off rather than as a menu item
    return lines


def _prose_kind(text: str, any_language: bool = False) -> tuple[str, int, float]:
    """(kind, word count, stopword ratio) of a line from its length and sentence shape.

    English prose is told by its share of function words (jusText's stopword density);
    with ``any_language`` only length and sentence punctuation count.
    """
    words = _WORD.findall(text)
    n = len(words)
    if n == 0:
        return SHORT, 0, 0.0
    sw = sum(1 for w in words if w.lower().replace("’", "'") in STOPWORDS) / n
    terminal = bool(_TERMINAL.search(text)) and not _TRUNCATED.search(text)
    need = 0.0 if any_language else 1.0
    if n >= 12 and sw >= 0.2 * need and (terminal or n >= 25):
        return PROSE, n, sw
    if (n >= 6 and terminal and sw >= 0.15 * need) or (n >= 18 and sw >= 0.25 * need):
        return NEAR, n, sw
    return SHORT, n, sw


def _doubled(text: str) -> bool:
    """Whether a line opens with one phrase (20+ characters) printed twice in a row, as
    carousels and card links do ("Title Title on the other side")."""
    head = text[:20]
    j = text.find(head, 21)
    while 0 < j <= len(text) // 2 + 1:
        if text[j - 1] == " " and text.startswith(text[:j - 1], j):
            return True
        j = text.find(head, j + 1)
    return False


def _chrome_flags(t: str, bare: str, n: int, kind: str) -> set[str]:
    """Flags from the boilerplate vocabularies: share bars, promos, sign-up and cookie
    prompts ("boiler"), labels that introduce link lists ("intro"), capitalised promos
    ("promo"), the end of the article ("stop"), the site's copyright line ("copyright")."""
    flags: set[str] = set()
    if (n <= 15 and _BOILER_LINE.match(bare)) or (n <= 30 and (_PROMO.match(bare) or _BOILER_CAPS.match(bare))):
        flags.add("boiler")
    if (n <= 60 and _BOILER_PHRASE.search(t)) or (n <= 20 and _BOILER_PHRASE_SHORT.search(t)):
        flags.add("boiler")
    if n <= 6 and "newsletter" in t.lower():
        flags.add("boiler")
    if n <= 40 and _pitch(t):
        flags.add("boiler")       # a membership or sign-up pitch
    if n <= 30 and kind != PROSE and _PROMO_ARROW.match(t):
        flags.add("boiler")       # ">> Read our ...": a promo link
    if n <= 15 and _share_bar(t):
        flags.add("boiler")
    if n >= 6 and _doubled(t):
        flags.add("boiler")       # link text printed twice ("Title Title"): a carousel item
    if (n <= 40 and _BREADCRUMB.match(t)) or (n <= 8 and _CATEGORY.match(t)):
        flags.add("boiler")
    if kind == SHORT and n <= 3 and re.fullmatch(r"[\W\d_]*", t.replace(" ", "")) is not None:
        flags.add("boiler")       # punctuation, counters, "|"
    if _URL.match(t):
        flags.add("url")
    if n <= 6 and _LIST_INTRO.match(bare):
        flags.add("intro")        # "Related", "Most read": what follows is a list of links
    if n <= 15 and kind != PROSE and _CAPS_LABEL.match(t):
        flags.add("promo")        # dropped from a body, still fine as a headline ("EXCLUSIVE: ...")
    if n <= 15 and _STOP_LINE.match(bare):
        flags.add("stop")
    if n <= 45 and _COPYRIGHT.search(t) and not _IMAGE_WORDS.search(t) and (
            re.search(r"\b(?:19|20)\d\d\b", t) or "reserved" in t.lower() or t.startswith("©")):
        flags.add("copyright")
    return flags


def _pitch(text: str) -> bool:
    """A membership or sign-up pitch: a call to action opening a sentence and two other hooks
    ("Join today for $2.99 a month and read ad-free", "Get our briefing. Enter your email ...")."""
    cta = _CALL_TO_ACTION.search(text)
    if cta is None:
        return False
    hooks = {m.group().lower() for m in _UPSELL_HOOK.finditer(text) if not cta.start() <= m.start() < cta.end()}
    return len(hooks) >= 2


def _share_bar(text: str) -> bool:
    """A row of share buttons: two or more share targets and nothing else ("Facebook | X | Email")."""
    words = [w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", text)]
    targets = [w for w in words if w in _SHARE_TARGETS]
    return len(targets) >= 2 and all(w in _SHARE_TARGETS or w in _SHARE_FILLERS for w in words)


def _caption_flags(line: Line, next_line: Line | None) -> set[str]:
    """"credit" for a photo credit line ("Photo: Jane Doe/AFP"), "caption" for a caption (a
    line carrying a credit, or sitting right on top of a credit line)."""
    t, n = line.text, line.words
    if _CREDIT_LINE.match(t) and n <= 25:
        return {"credit"}
    if n <= 70 and (_CREDIT_IN_LINE.search(t) or _CREDIT_AGENCY.search(t)):
        return {"caption"}
    if n <= 150 and (_CREDIT_LINE.match(t) or re.match(r"^©\s*\w", t)):
        return {"caption"}        # a long caption that opens with its credit
    if (next_line is not None and not line.gap_after and n <= 60 and _CREDIT_LINE.match(next_line.text)
            and not _BYLINE_START.match(t) and not (n <= 8 and find_dates(t))):
        return {"caption"}    # (a byline or date line above the photo is no caption)
    return set()


def _meta_flags(line: Line) -> set[str]:
    """"byline", "date" (a line that states a full date and little else), "label" (a meta
    label, a date without a year, a clock time) and "bullet"; fills ``line.dates``."""
    t, n = line.text, line.words
    flags: set[str] = set()
    if _BULLET.match(t):
        flags.add("bullet")
    if n <= 14 and _BYLINE_START.match(t) and (t[2:3].isupper() or len(t) <= 3 or re.match(r"^\S+\s", t)):
        flags.add("byline")
    line.dates = find_dates(t) if n <= 40 and re.search(r"\d", t) else []
    if line.dates and not line.flags & {"caption", "credit"} and not _TIMELINE.match(t[line.dates[0].start:]):
        rest = n - sum(len(_WORD.findall(t[d.start:d.end])) for d in line.dates)
        if rest <= 10 or (n <= 25 and _DATE_LABEL.search(t)):
            flags.add("date")
    if _META_LABEL.match(t) or (n <= 8 and _PARTIAL_DATE.match(t)):
        flags.add("label")
    return flags


def classify_line(line: Line, next_line: Line | None = None, any_language: bool = False) -> Line:
    """Set a line's ``kind`` (prose, near-prose, short) and its ``flags``; ``next_line``
    helps spot a caption sitting on top of its credit line."""
    t = line.text
    line.kind, line.words, line.stopword_ratio = _prose_kind(t, any_language)
    bare = t.lstrip("+-–—•·|>»*#:.✕× ")
    line.flags |= _chrome_flags(t, bare, line.words, line.kind)
    line.flags |= _caption_flags(line, next_line)
    line.flags |= _meta_flags(line)
    return line


def classify(lines: list[Line], any_language: bool = False) -> list[Line]:
    """Classify every line; also flag names under a lone "By" and author bios."""
    for i, ln in enumerate(lines):
        classify_line(ln, lines[i + 1] if i + 1 < len(lines) else None, any_language)
        if i and "label" in lines[i - 1].flags and re.match(r"^by\b", lines[i - 1].text, re.I) \
                and ln.words <= 8 and not ln.prose:
            ln.flags.add("byline")       # "By" on one line, the names on the next
        if ln.kind == SHORT and i and not ln.gap_before and not ln.chrome and (
                lines[i - 1].text.endswith(":") or "listitem" in lines[i - 1].flags):
            ln.flags.add("listitem")     # the items of a list introduced by "...:"
        if ln.kind != SHORT and ln.words <= 150 and _BIO_START.match(ln.text) \
                and _BIO_ROLE.search(" ".join(ln.text.split()[:30])):
            ln.flags.add("maybe_bio")
        if ln.kind != SHORT and ln.words <= 80 and _author_box(lines, i):
            ln.flags.add("bio")
        if (i and not ln.gap_before and ln.words <= 40 and not _SENTENCE_END.search(ln.text)
                and _bare_credit(lines[i - 1]) and not ln.flags & {"date", "byline", "boiler"}):
            ln.flags.add("caption")      # "Getty Images" / "Residents wade through ...": its caption
        if ln.words <= 6 and _RELATIVE_TIME.search(ln.text):
            ln.flags.add("reltime")      # "2 hours ago", "Updated 5 mins ago"
    return lines


def _bare_credit(ln: Line) -> bool:
    """A photo credit on its own line ("Getty Images", "Photo: Jane Doe", "Reuters")
    — the caption, if any, comes right under it."""
    return ln.words <= 4 and bool(ln.flags & {"caption", "credit"}) and not _SENTENCE_END.search(ln.text)


_RELATIVE_TIME = re.compile(r"^\W*(?:(?:updated|published|posted)\s*:?\s*)?(?:\d{1,2}|an?|one)\s+"
                            r"(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\W*$", re.IGNORECASE)


def _author_box(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` describes the author named on one of the two lines above it ("By Jane
    Doe" / "Jane Doe is a pediatrician and ..."): the author box of a column, not its text."""
    for k in (i - 1, i - 2):
        if k < 0:
            return False
        t = lines[k].text
        m = _BYLINE_START.match(t)
        names = _names_from(t[m.end():]) if m and "byline" in lines[k].flags else (
            t if _looks_like_names(t) else None)
        if names and _about_author(lines[i].text, _authors(names)):
            return True
        if lines[k].prose:
            return False
    return False


# ---------------------------------------------------------------------------------------------
# Main block
# ---------------------------------------------------------------------------------------------

def _has_prose_near(lines: list[Line], i: int, reach: int = 2) -> bool:
    """Whether another prose line (or a list item of a few words) is within ``reach`` lines."""
    lo, hi = max(0, i - reach), min(len(lines), i + reach + 1)
    return any(lines[j].prose or ("bullet" in lines[j].flags and lines[j].words >= 5)
               for j in range(lo, hi) if j != i)


def line_weight(lines: list[Line], i: int) -> float:
    """How much a line adds to (or takes from) a candidate article block."""
    ln = lines[i]
    if ln.flags & {"boiler", "url", "copyright", "promo"}:
        return -60.0
    if ln.kind == SHORT and ("listitem" in ln.flags or ("bullet" in ln.flags and ln.words >= 4)):
        return -5.0           # list items cost little
    if "bullet" in ln.flags and ln.kind == SHORT:
        return -20.0
    if ln.flags & {"caption", "credit", "bio"}:
        return -10.0
    if ln.flags & {"date", "byline"}:
        return -20.0
    if ln.kind == SHORT:
        if ln.words >= 3 and (_SENTENCE_END.search(ln.text) or ln.text.endswith(":")) and ln.text[:1].isupper():
            return 0.0        # a short sentence ("Nobody saw it coming.") is not chrome
        return -20.0 if ln.gap_before or ln.gap_after else -25.0
    size = min(len(ln.text), 800) * (1.0 if ln.kind == PROSE else 0.6)
    return size if _has_prose_near(lines, i) else size * 0.5


def select_main_block(lines: list[Line]) -> tuple[int, int] | None:
    """(first, last) index of the best-scoring run of lines between two stops, or None.

    A maximum-sum run (Kadane) over line weights, computed separately in each stretch between
    stop lines. A stretch that starts after a copyright line which itself follows prose is
    the page's tail (pop-ups, hidden panels) and counts for half.
    """
    best: tuple[float, int, int] | None = None
    seen_prose = seen_tail = False
    zone_start = 0
    weights = [line_weight(lines, i) for i in range(len(lines))]
    bounds = []
    for i, ln in enumerate(lines + [Line(-1, "", flags={"stop"})]):
        if ln.flags & {"stop", "copyright"}:
            bounds.append((zone_start, i, seen_tail))
            zone_start = i + 1
            if "copyright" in ln.flags and seen_prose:
                seen_tail = True
        elif i < len(lines) and ln.kind == PROSE and not ln.chrome:
            seen_prose = True
    for lo, hi, tail in bounds:
        run, start = 0.0, lo
        for i in range(lo, hi):
            if run <= 0:
                run, start = 0.0, i
            run += weights[i]
            if run > 0 and weights[i] > 0:
                score = run * (0.5 if tail else 1.0)
                if best is None or score > best[0]:
                    best = (score, start, i)
    if best is None:
        return None
    _, a, b = best
    a, b = _trim_to_dense(lines, weights, a, b)
    a, b = _extend_live(lines, a, b)
    while a <= b and not lines[a].prose:
        a += 1
    while b > a and not lines[b].prose:
        b -= 1
    return (a, b) if a <= b else None


def _chunks(lines: list[Line], a: int, b: int) -> list[tuple[int, int]]:
    """Split lines a..b at gaps: runs of non-prose lines that are long (5+), hold a boilerplate
    label or a date, or open with a "Related"-style label (the shapes of link boxes and teaser
    cards)."""
    out, start, i = [], a, a
    while i <= b:
        if lines[i].prose:
            i += 1
            continue
        j = i
        while j + 1 <= b and not lines[j + 1].prose:
            j += 1
        run = lines[i:j + 1]
        if (len(run) >= 5 or (len(run) >= 3 and any(x.flags & {"boiler", "date", "url"} for x in run))
                or any("intro" in x.flags for x in run)):
            if i > start:
                out.append((start, i - 1))
            start = j + 1
        i = j + 1
    if start <= b:
        out.append((start, b))
    return out


def _dense(lines: list[Line], lo: int, hi: int) -> bool:
    """Whether lines lo..hi hold two prose lines in a row (article text, not teaser cards)."""
    return any(lines[k].prose and lines[k + 1].prose for k in range(lo, hi))


def _sentences(lines: list[Line], lo: int, hi: int) -> bool:
    """Whether most prose lines in lo..hi end as sentences do (blurbs glued to link titles
    often do not)."""
    prose = [ln for ln in lines[lo:hi + 1] if ln.prose]
    return bool(prose) and sum(bool(_SENTENCE_END.search(ln.text)) for ln in prose) >= 0.5 * len(prose)


def _card(lines: list[Line], lo: int, hi: int) -> bool:
    """Whether lines lo..hi look like a teaser card: a date or byline inside or just after."""
    return any(lines[k].flags & {"date", "byline"} for k in range(lo, min(len(lines), hi + 3)))


def _timestamp(ln: Line) -> bool:
    """A line that is only a clock time, as live blogs stamp their entries ("16:58 BST",
    "9.45am", "11:02 AM ET")."""
    return ln.words <= 4 and re.fullmatch(r"(?:[01]?\d|2[0-3])[:.][0-5]\d\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?",
                                           ln.text.strip(), re.I) is not None


def _live_entries(lines: list[Line]) -> list[tuple[int, int]]:
    """The entries of a live blog as (first, last) prose lines: each opens right after a line
    that is only a clock time (perhaps with the entry's own heading between) and runs until the
    next such stamp; runs of entries with only page chrome between them are merged. Only runs of
    three entries or more are returned: the page is a live blog."""
    entries: list[tuple[int, int, int]] = []     # (stamp, first prose line, last prose line)
    stamps = [i for i, ln in enumerate(lines) if _timestamp(ln)]
    for n, st in enumerate(stamps):
        nxt = stamps[n + 1] if n + 1 < len(stamps) else len(lines)
        first = last = None
        for j in range(st + 1, nxt):
            ln = lines[j]
            if ln.flags & {"stop", "copyright", "intro"}:
                break
            if ln.prose:
                if first is None and j > st + 3:
                    break     # no text right under the stamp: not an entry
                first = j if first is None else first
                last = j
        if first is not None and _sentences(lines, first, last):
            entries.append((st, first, last))
    runs: list[list[tuple[int, int, int]]] = []
    for e in entries:
        if runs and all(not lines[g].prose and not lines[g].flags & {"stop", "copyright", "intro"}
                        for g in range(runs[-1][-1][2] + 1, e[0])):
            runs[-1].append(e)
        else:
            runs.append([e])
    return [(r[0][1], r[-1][2]) for r in runs if len(r) >= 3]


def _extend_live(lines: list[Line], a: int, b: int) -> tuple[int, int]:
    """A block inside a live blog takes in all its entries: short entries separated by time
    stamps and share buttons score too little to be joined by the block search."""
    for lo, hi in _live_entries(lines):
        if lo <= b and a <= hi:
            for i in range(lo, hi + 1):
                lines[i].flags.discard("teaser")
            return min(a, lo), max(b, hi)
    return a, b


def _trim_to_dense(lines: list[Line], weights: list[float], a: int, b: int) -> tuple[int, int]:
    """Keep the heaviest chunk of the block and the chunks around it that read as article text.

    Going outwards from the heaviest chunk, a chunk with two prose lines in a row is kept; a
    teaser card (prose with a date or byline beside it) ends the article; a lone short line
    across a gap (a video title, a promo) is skipped; any other lone paragraph is kept. Past a
    "Related"/"Next up" label the text must be made of finished sentences to count as the
    story resuming rather than a list of other stories' blurbs.
    """
    chunks = _chunks(lines, a, b)
    if len(chunks) <= 1:
        return a, b
    mass = [sum(w for w in weights[lo:hi + 1] if w > 0) for lo, hi in chunks]
    core = max(range(len(chunks)), key=mass.__getitem__)
    keep = {core}
    for step in (-1, 1):
        k = core + step
        while 0 <= k < len(chunks):
            lo, hi = chunks[k]
            if lo == hi and mass[k] < 150:
                k += step     # a lone short line across a gap: skip it, look further
                continue
            gap = range(chunks[k - 1][1] + 1, lo) if step > 0 else range(hi + 1, chunks[k + 1][0])
            if any("intro" in lines[g].flags for g in gap) and not _sentences(lines, lo, hi):
                break         # blurbs of other stories under a "Related"/"Next up" label
            if any("intro" in lines[g].flags for g in gap) and _has_meta(lines, gap.start, gap.stop):
                break         # "Next article" / headline / byline / date: another story
            if _card(lines, lo, hi) and not _dense(lines, lo, hi):
                break         # teaser cards
            keep.add(k)
            k += step
    first, last = min(keep), max(keep)
    for k in range(first, last + 1):
        if k not in keep:
            for i in range(chunks[k][0], chunks[k][1] + 1):
                lines[i].flags.add("teaser")
    return chunks[first][0], chunks[last][1]


# ---------------------------------------------------------------------------------------------
# Headline
# ---------------------------------------------------------------------------------------------

def _is_nav(text: str) -> bool:
    """Whether a line is made only of navigation words ("Home", "News & Politics", "Log in")."""
    words = [w.lower() for w in _WORD.findall(text)]
    return bool(words) and all(w in NAV_WORDS or w in ("&", "and", "the", "of", "a") for w in words)


def _looks_like_names(text: str) -> bool:
    """'Jane Doe', 'Jane Doe, John Roe', 'Jane Doe and John Roe': capitalised words only."""
    parts = [p for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p]
    if not parts or len(parts) > 4:
        return False
    for p in parts:
        ws = p.split()
        if not 2 <= len(ws) <= 4:
            return False
        if not all(w[:1].isupper() or w.lower() in ("de", "van", "von", "da", "bin", "al", "el", "la", "le", "du")
                   for w in ws):
            return False
        if any(w.lower().strip(".,") in STOPWORDS or w.lower() in NAV_WORDS or w.lower() in _ROLE_WORDS
               for w in ws):
            return False
    return True


def _next_content(lines: list[Line], i: int, limit: int) -> Line | None:
    """The next line after ``i`` (before ``limit``) that is not chrome."""
    for k in range(i + 1, min(limit, len(lines))):
        if not lines[k].chrome:
            return lines[k]
    return None


def _run_length(lines: list[Line], i: int) -> int:
    """How many lines make up the tight group (no blank line between) that line ``i`` is in."""
    run, j = 1, i
    while j > 0 and not lines[j].gap_before:
        j -= 1
        run += 1
    j = i
    while j + 1 < len(lines) and not lines[j].gap_after:
        j += 1
        run += 1
    return run


def _menu_item(lines: list[Line], i: int) -> bool:
    """A short line after several other short lines: one more item of a menu laid out with
    blank lines between items."""
    return lines[i].words <= 4 and sum(1 for k in range(max(0, i - 4), i) if lines[k].kind == SHORT
                                       and lines[k].words <= 4 and not lines[k].chrome) >= 3


def _repeated_nearby(lines: list[Line], i: int, key: str, counts: dict[str, int]) -> bool:
    """Whether the same text is printed again within a dozen lines (a headline shown twice);
    repeats far apart are duplicated menus."""
    return counts.get(key, 0) > 1 and any(norm_text(lines[k].text) == key
                                          for k in range(max(0, i - 12), min(len(lines), i + 13)) if k != i)


def _has_meta(lines: list[Line], lo: int, hi: int) -> bool:
    """Whether a date, byline or "2 hours ago" line lies in lines lo..hi-1."""
    return any(lines[k].flags & {"date", "byline", "reltime"} for k in range(max(0, lo), min(len(lines), hi)))


def _menu_row(text: str) -> bool:
    """A site menu flattened onto one line ("Home National Business Opinion Sports Photo"):
    five or more capitalised words, no function words, several of them navigation words."""
    words = text.split()
    if len(words) < 5 or not all(re.fullmatch(r"[A-Z][\w&'’-]*", w) or w == "&" for w in words):
        return False
    low = [w.lower() for w in words]
    if any(w in STOPWORDS or w in _SMALL_WORDS for w in low):
        return False
    return sum(w in NAV_WORDS for w in low) >= max(2, len(words) // 3)


_STATS_ROW = re.compile(r"(?:^|\s)[-+]?\d[\d.,:%'’]*(?:\s+[-+]?\d[\d.,:%'’]*)+\s*$")


def _stats_row(text: str) -> bool:
    """A row of a table or match statistics: a label and two or more figures ("Shots on
    target 6 3", "Possession 54% 46%")."""
    return _STATS_ROW.search(text) is not None


def _field_value(lines: list[Line], i: int) -> bool:
    """The value of a form-like field: the line right under a short label such as "From:",
    "Location:" or "Part of:" (a kicker in capitals, "EXCLUSIVE:", is not such a label)."""
    if i == 0 or lines[i].gap_before:
        return False
    p = lines[i - 1].text
    return p.endswith(":") and len(p.split()) <= 3 and not p.isupper()


def _author_role(lines: list[Line], i: int) -> bool:
    """A reporter's role under their name ("Jane Doe" / "Europe correspondent, in Paris")."""
    ln = lines[i]
    words = {w.lower() for w in _WORD.findall(ln.text)}
    return (i > 0 and ln.words <= 8 and bool(words & _ROLE_WORDS) and not lines[i].gap_before
            and _looks_like_names(lines[i - 1].text))


def _deck_signal(lines: list[Line], i: int, start: int, banner: range = range(0)) -> float:
    """+3 when a sentence-like deck follows this heading, -3 when this line is the deck of a
    shorter heading right above it (a site's slogan in its banner is no such heading).

    On a page that sets no blank lines around its headings, two heading-like lines stacked
    right above the byline/date are headline then deck: the first (a title of 6+ words)
    wins, whichever is longer."""
    ln = lines[i]
    nxt = _next_content(lines, i, start + 1)
    if nxt is not None and nxt.idx < start and is_deck(nxt, ln.words):
        if headline_shape(ln):
            return 3.0
        if _stacked_heading(lines, ln, nxt):
            return 3.0
    if is_deck(ln, 0):
        for k in range(max(0, i - 3, banner.stop), i):
            p = lines[k]
            if _next_content(lines, k, i + 1) is not ln:
                continue
            if headline_shape(p) and 4 <= p.words <= 1.25 * ln.words:
                return -3.0
            if _stacked_heading(lines, p, ln):
                return -3.0
    return 0.0


def _stacked_heading(lines: list[Line], head: Line, deck: Line) -> bool:
    """Whether ``head`` and ``deck`` are a tight headline/deck pair: adjacent lines with no blank
    line between, the first a title (6-20 words, so not a kicker or a score line; no final
    stop, not a menu or stats row, not a field value), the second a deck (:func:`is_deck`, not
    a paragraph of the body), and the byline or date right under the pair."""
    if deck.idx != head.idx + 1 or head.gap_after or (deck.gap_after and deck.kind == PROSE):
        return False
    t = head.text
    if (head.chrome or not 6 <= head.words <= 20 or _SENTENCE_END.search(t) or t.endswith((":", ",", ";"))
            or _menu_row(t) or _stats_row(t) or _is_nav(t) or _looks_like_names(t)
            or _field_value(lines, head.idx) or deck.words > 40):
        return False
    for k in range(deck.idx + 1, min(len(lines), deck.idx + 5)):
        if _has_meta(lines, k, k + 1):
            return True       # the byline or date right under the pair (perhaps past the author's
        if not (lines[k].chrome or _looks_like_names(lines[k].text)):     # name or a share bar)
            return False
    return False


def headline_score(lines: list[Line], i: int, start: int, norm_counts: dict[str, int],
                   banner: range = range(0)) -> float | None:
    """Score of line ``i`` as the headline of a body starting at line ``start`` (None: not a
    candidate). Signals: length, not a sentence, set off by blank lines, not in a menu,
    repeated nearby, right above (or beside) the date/byline, followed by a deck, ending a
    breadcrumb, close to the body."""
    ln = lines[i]
    t, n = ln.text, ln.words
    if ln.chrome or ln.flags & {"maybe_bio", "bullet"} or i in banner:
        return None
    if n < 2 or n > 30 or len(t) < 8 or len(t) > 250 or _is_nav(t):
        return None
    if _menu_row(t) or _stats_row(t) or _field_value(lines, i) or _author_role(lines, i):
        return None           # a menu, a row of figures, "From:" / <value>, a reporter's role
    key = norm_text(t)
    meta_after = _has_meta(lines, i + 1, i + 7)
    meta_before = _has_meta(lines, i - 3, i)
    score = 3.0 if 5 <= n <= 20 else (1.0 if n >= 3 else 0.0)
    if re.search(r"[^.]\.$", t) and not re.search(r"\b[A-Z][a-z]{0,3}\.$", t):
        score -= 3.0          # a sentence: standfirst, caption or slogan
    if t.endswith((":", ",", ";")) or _TRUNCATED.search(t):
        score -= 3.0
    if ln.gap_before and ln.gap_after:
        score += 1.5          # headings are set off by blank lines
    if i == 0:
        score += 2.0          # a page that starts with its headline (a clean copy)
    if _run_length(lines, i) >= 3:
        score -= 2.0          # one of a tight group of lines: a menu
    if _menu_item(lines, i):
        score -= 2.5
    if _repeated_nearby(lines, i, key, norm_counts):
        score += 3.0 if n >= 4 else 1.0
    if meta_after:
        score += 2.5
    elif meta_before:
        score += 0.5          # below the date: often a deck or a photo caption instead
    if t == t.lower():
        score -= 3.0          # a tag or section slug
    if ln.dates and ln.dates[0].start <= 2:
        score -= 3.0          # opens with a date: a timestamp line ("14 March 2024 - See all updates")
    if n <= 3:
        score -= 3.0 if t == t.upper() else 1.0
    if _looks_like_names(t) and (meta_after or meta_before):
        score -= 1.5          # the author's name beside the date
    score += _deck_signal(lines, i, start, banner)
    if any(k != i and len(lines[k].text) > len(t) and norm_text(lines[k].text).endswith(key)
           for k in range(max(0, i - 3), min(len(lines), i + 4))):
        score += 2.0          # the end of a breadcrumb ("Home » News » <headline>")
    # distance to the body, counting only lines a reader would take for content
    dist = sum(1 for k in range(i + 1, start)
               if not lines[k].chrome and lines[k].kind == SHORT and "bullet" not in lines[k].flags)
    return score - 0.6 * min(dist, 25)


def banner_name(text: str) -> str | None:
    """The site name a banner line gives: the whole line, or its part before section crumbs or
    a tagline ("Harbour Times · World · Science", "Harbour Times — News for the coast"); a
    name in capitals is given in title case ("THE HARBOUR TIMES" -> "The Harbour Times")."""
    text = text.strip()
    parts = _BANNER_SPLIT.split(text, maxsplit=1)
    if len(parts) == 1 and len(_CRUMB_DOT.findall(text)) >= 2:
        parts = _CRUMB_DOT.split(text, maxsplit=1)
    elif len(parts) == 1 and len(_CRUMB_DOT.findall(text)) == 1:
        left, right = _CRUMB_DOT.split(text)
        if len(right.split()) >= 3 and _clean_name(right) is None:   # "Name · Independent since 1874"
            parts = [left, right]
    if len(parts) > 1 and len(parts[1].split()) > 14:
        return None
    return _clean_name(parts[0])


def masthead(lines: list[Line]) -> tuple[str | None, int]:
    """The site's banner at the top of the page: (site name, number of banner lines), or
    (None, 0).

    The page's first line reads as a name (short, capitalised words, no sentence; see
    :func:`banner_name`), and the one or two lines printed right under it, with no blank line
    between and a blank line after, are its slogan (3-14 words, not a sentence-long paragraph)
    or the name again with section crumbs or a tagline. A name followed by a menu (a longer run
    of lines, or items such as "Subscribe" or "News") is not a banner of this kind.
    """
    if len(lines) < 3:
        return None, 0
    first = lines[0]
    if (first.chrome or first.flags & {"date", "byline", "label"} or first.words > 8 or first.gap_after
            or first.text.endswith((".", "?", "!", ":"))):
        return None, 0
    name = banner_name(first.text)
    if not name:
        return None, 0
    for k in (1, 2):
        ln = lines[k]
        if ln.flags & {"date", "byline", "label", "bullet"}:
            return None, 0
        again = banner_name(ln.text)
        same = again is not None and again.casefold() == name.casefold()   # crumbs may read as chrome
        slogan = (3 <= ln.words <= 14 and ln.kind != PROSE and not ln.chrome and not _is_nav(ln.text)
                  and not ln.text.endswith(":"))
        if not (same or slogan):
            return None, 0
        if ln.gap_after:
            return name, k + 1
    return None, 0


def banner_lines(lines: list[Line], start: int) -> range:
    """The lines of the site's banner (name, slogan, crumbs: see :func:`masthead`) when a
    heading-shaped line follows them before the body starting at ``start``: the headline is
    that one, closer to the body, not the slogan under the site's name."""
    _, n = masthead(lines)
    if n and any(headline_shape(lines[k]) for k in range(n, min(start, len(lines)))):
        return range(n)
    return range(0)


def is_deck(ln: Line, heading_words: int) -> bool:
    """A standfirst under a headline: a sentence-like line longer than the heading."""
    t = ln.text
    if ln.chrome or ln.words < 5 or _looks_like_names(t) or title_case_ratio(t) >= 0.75:
        return False
    return True


def title_case_ratio(text: str) -> float:
    """Share of the non-small words that start with a capital ("Title Case" -> 1.0)."""
    ws = [w for w in _WORD.findall(text)
          if w[0].isalpha() and len(w) > 1 and not w.isupper() and w.lower() not in _SMALL_WORDS]
    return sum(1 for w in ws if w[0].isupper()) / len(ws) if ws else 0.0


def headline_shape(ln: Line) -> bool:
    """A line shaped like a headline: 3-25 words (a short one may end in a full stop, as
    opinion titles do), not a name list, not a menu item, set off below by a blank line."""
    t = ln.text
    sentence = re.search(r"[^.]\.$", t) and ln.words > 15
    return (not ln.chrome and 3 <= ln.words <= 25 and not sentence and not _looks_like_names(t)
            and not _is_nav(t) and not _menu_row(t) and not _stats_row(t) and ln.gap_after)


def choose_headline(lines: list[Line], start: int, window: int = 60) -> int | None:
    """Index of the headline for a body starting at ``start``, or None.

    The block's first line may itself be the headline when it reads like a short sentence
    ("Our bus lanes work. Keep them.") and a date or byline follows it; such a line competes
    at a small disadvantage.
    """
    counts: dict[str, int] = {}
    for ln in lines[:start + 1]:
        k = norm_text(ln.text)
        counts[k] = counts.get(k, 0) + 1
    banner = banner_lines(lines, start)
    best, best_score = None, None
    inside = (start < len(lines) and lines[start].kind == NEAR and lines[start].words <= 15
              and _has_meta(lines, start + 1, start + 7))
    for i in range(max(0, start - window), start + inside):
        s = headline_score(lines, i, start, counts, banner)
        if s is not None and i >= start:
            s -= 2.0
        if s is not None and (best_score is None or s > best_score):
            best, best_score = i, s
    return best


# ---------------------------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------------------------

def _is_standfirst(ln: Line, authors: list[str]) -> bool:
    """A deck or summary sentence between the headline and the body (not a bulleted summary,
    not the author's bio in a box above the story)."""
    return (not ln.chrome and not ln.flags & {"maybe_bio", "bullet"} and not _about_author(ln.text, authors)
            and (ln.kind != SHORT or ln.words >= 10) and not _is_nav(ln.text))


def _authors(byline: str | None) -> list[str]:
    """The full names on a byline ("Jane Doe and John Roe" -> ["Jane Doe", "John Roe"])."""
    return [p.strip() for p in re.split(r",|\band\b|&|\bwith\b", byline or "") if len(p.split()) >= 2]


def _about_author(text: str, authors: list[str]) -> bool:
    """Whether a paragraph opens by describing one of the authors ("Jane Doe is a ...")."""
    return any(re.match(re.escape(x) + r"\s+(?:is|was|has|writes|covers|joined|reports)\b", text, re.I)
               for x in authors)


def bio_cut(lines: list[Line], block: tuple[int, int], byline: str | None = None) -> int:
    """Last line of the story: just before a reporter bio ("Jane Doe is a correspondent based
    in ...") that starts with the byline's name or has at most one prose line after it, or
    before an "About <organisation>" section that closes a press release."""
    a, b = block
    names = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", byline or "")}
    authors = _authors(byline)
    for i in range(a + 2, b + 1):
        t = lines[i].text
        later = sum(1 for k in range(i + 1, b + 1) if lines[k].kind == PROSE and not lines[k].chrome)
        if _ABOUT_SECTION.match(t) and lines[i].kind == SHORT and later <= 2:
            return i - 1
        by_author = _about_author(t, authors)
        if "maybe_bio" not in lines[i].flags and not by_author:
            continue
        first_words = {w.lower() for w in re.findall(r"[^\W\d_]+", t)[:2]}
        if later <= 1 or by_author or names & first_words:
            return i - 1
    return b


def _widget_text(lines: list[Line], i: int) -> bool:
    """A short sentence inside a sign-up box or widget: no prose on either side and a
    boilerplate line beside it ("Join our newsletter" / "Fearless journalism." / "I'm in")."""
    ln = lines[i]
    around = [lines[k] for k in (i - 1, i + 1) if 0 <= k < len(lines)]
    return (ln.kind == NEAR and not any(x.prose for x in around)
            and any("boiler" in x.flags for x in around))


def _keep_short_run(lines: list[Line], i: int, j: int, a: int, end: int) -> bool:
    """Whether the short lines i..j (subheadings, list items) belong to the story: prose on
    both sides (looking back past chrome, but not past a "Related"-style label), not a list of
    links (several lines each set off by blank lines, none ending a sentence), not a menu,
    and not too long (six lines; a dozen for a tight or bulleted list)."""
    k = i - 1
    while k > a and lines[k].chrome and not lines[k].flags & {"intro", "stop", "copyright"}:
        k -= 1
    if not (i > a and lines[k].prose and j + 1 <= end and lines[j + 1].prose):
        return False
    run = lines[i:j + 1]
    link_list = len(run) >= 2 and all(x.gap_before and x.gap_after and not _SENTENCE_END.search(x.text)
                                      for x in run)
    as_list = all(x.flags & {"bullet", "listitem"} for x in run) or not any(x.gap_before for x in run[1:])
    return len(run) <= (12 if as_list else 6) and not link_list and not any(_is_nav(x.text) for x in run)


def assemble_body(lines: list[Line], headline: int | None, block: tuple[int, int],
                  byline: str | None = None) -> list[str]:
    """The article's paragraphs: the standfirst under the headline, the main block's prose,
    and the short lines (subheadings, list items) that sit between prose lines; it ends
    before a reporter bio and skips a bulleted summary at the start."""
    a, b = block
    first = (headline + 1) if headline is not None else a
    out: list[Line] = [ln for ln in lines[first:a] if _is_standfirst(ln, _authors(byline))]
    end = bio_cut(lines, block, byline)
    i = a
    while i <= end and ("bullet" in lines[i].flags or lines[i].chrome
                        or _about_author(lines[i].text, _authors(byline))):
        i += 1                # a bulleted summary or the author's bio is not the story's start
    while i <= end:
        ln = lines[i]
        if ln.chrome:
            i += 1
        elif ln.kind != SHORT:
            if not _widget_text(lines, i):
                out.append(ln)
            i += 1
        else:
            j = i             # a run of plain short lines
            while j + 1 <= end and lines[j + 1].kind == SHORT and not lines[j + 1].chrome:
                j += 1
            if _keep_short_run(lines, i, j, a, end):
                out.extend(lines[i:j + 1])
            i = j + 1
    return _dedupe([ln.text for ln in out])


def _dedupe(paras: list[str]) -> list[str]:
    """Drop repeated paragraphs and truncated teasers that repeat the start of a later one."""
    keys = [norm_text(p) for p in paras]
    out, seen = [], set()
    for i, (p, k) in enumerate(zip(paras, keys)):
        if k in seen:
            continue
        if len(k) >= 30 and any(len(o) > len(k) and o.startswith(k) for o in keys[i + 1:i + 4]):
            continue
        seen.add(k)
        out.append(p)
    return out


# ---------------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------------

def dateline_credit(paragraph: str) -> str | None:
    """The wire agency or station credited in a dateline ("BEIJING (Reuters) –" -> "Reuters")."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    credit = (m.group("credit") or m.group("wire")).strip()
    known = WIRE_AGENCIES.get(credit.lower())
    if known:
        return known
    if m.group("credit") and _CALL_SIGN.match(credit):
        return credit
    return None


def dateline_date(paragraph: str) -> DateMatch | None:
    """A full date stated in a story's dateline ("SOUTHPORT, England, June 5, 2023 /X/ -- ...")."""
    m = _DATELINE_PREFIX.match(paragraph)
    if not m:
        return None
    found = find_dates(m.group("prefix"))
    return found[0] if found else None


# Section and category words a site prints as a kicker, a crumb or a menu item: never the
# outlet's name on their own ("Money", "Photography"); no name is better than a section's.
_SECTION_WORDS = frozenset("""
    news home local national world international uk us europe africa asia americas politics business
    money finance markets economy property sport sports football cricket rugby tennis golf opinion
    comment analysis editorial editorials columns columnists letters culture arts books film films
    music tv television theatre entertainment lifestyle life style fashion beauty food drink travel
    health wellbeing science tech technology environment climate weather education society
    photography photos pictures gallery galleries video videos podcasts features feature long reads
    obituaries obituary notices puzzles crosswords games motoring cars jobs shop
    """.split())


def _section_word(name: str | None) -> bool:
    """Whether ``name`` is a common section or category word ("Money", "Long reads")."""
    if not name:
        return False
    words = re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower().replace("&", " ").split()
    return bool(words) and len(words) <= 2 and all(w in _SECTION_WORDS or w == "and" for w in words)


# Banner forms that say outright they are the site's name: a logo's alt text ("Logo of The
# Harbour Times", "Harbour Times logo") and a page title naming the home page ("Harbour Times —
# Home", "Home - Harbour Times", "Harbour Times | Home").
_LOGO_NAME = re.compile(r"^(?:(?:the\s+)?logo(?:\s+of|\s*:)\s+(?P<a>.+?)|(?P<b>.+?)\s+logo)\s*$", re.I)
_HOME_NAME = re.compile(r"^(?:home(?:\s*page)?\s+[-–—|:·•]\s+(?P<a>.+?)|(?P<b>.+?)\s+[-–—|:·•]\s+home(?:\s*page)?)\s*$",
                        re.I)
# A site printing its web address as its banner ("harlowvale.news", "thecoastpost.com").
_DOMAIN_NAME = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:news|com|org|net|info|media|"
                          r"press|online|co\.uk|org\.uk|com\.au|co\.nz|ie|uk|ca|us|io|tv|today|live|blog)$")


def _stated_banner(lines: list[Line], headline: int | None) -> str | None:
    """The site's name from a banner line that says what it is (:data:`_LOGO_NAME`,
    :data:`_HOME_NAME`) above the headline, or its web address printed alone as its first
    line past the page utilities, on top of its menu or named again on the page, kept as
    printed ("harlowvale.news")."""
    limit = min(len(lines), headline if headline is not None else 40, 40)
    for k in range(limit):
        t = lines[k].text.strip()
        if lines[k].words > 10:
            continue
        m = _LOGO_NAME.match(t) or _HOME_NAME.match(t)
        if m:
            name = _clean_name(m.group("a") or m.group("b"))
            if name and not _section_word(name):
                return name
    k = 0
    while k < limit and _utility_line(lines[k]) and "url" not in lines[k].flags:
        k += 1
    if k < limit and _DOMAIN_NAME.match(lines[k].text.strip()):
        name = lines[k].text.strip()
        if _menu_follows(lines, k + 1, limit) or _name_recurs(lines, name, k, headline, False):
            return name
    return None


def site_name(lines: list[Line], headline: int | None) -> str | None:
    """The site's own name from its banner: a logo or home-page title naming it
    (:func:`_stated_banner`), a slogan naming it ("X is your source for ..."),
    "Welcome to X", the name heading the page with its slogan or section crumbs right under it
    (:func:`masthead`), a short banner line at the very top that is repeated or decorated, or
    the name on top of the site's menu (:func:`top_banner`). A section word ("Money") is never
    taken: no name is better than a section's. A name printed only in the footer's copyright
    line does not count (it confirms a banner, see :func:`_name_recurs`)."""
    name = _stated_banner(lines, headline)
    if name:
        return name
    top = lines[: (headline if headline is not None else min(len(lines), 40))]
    for k, ln in enumerate(top):
        if ln.words > 40:
            continue
        m = (_SITE_SLOGAN.match(ln.text) if k < 8 else None) or _WELCOME.match(ln.text)
        if m:
            name = _clean_name(m.group("name"))
            if name and not _section_word(name):
                return name
    name, n = masthead(lines)
    if name and (headline is None or headline >= n) and not _section_word(name):
        return name                                   # not when the "slogan" was the headline
    for k, ln in enumerate(top[:3]):
        name = banner_name(ln.text)
        if not name or _section_word(name):
            continue
        decorated = _DECORATION.search(ln.text) is not None
        repeated = k + 1 < len(top) and banner_name(top[k + 1].text) == name   # printed twice in a row
        if repeated or (decorated and not ln.text.endswith((".", "?", "!"))):
            return name
    name = top_banner(lines, headline)
    return None if _section_word(name) else name


def _utility_line(ln: Line) -> bool:
    """A page utility above the banner: a skip link, "Watch live", a menu or search button,
    a sign-in or subscribe link, today's date, a ticker of market or weather data."""
    t = ln.text
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", t).strip(" :|")   # "LoginRegisterLogout"
    return bool(ln.flags & {"boiler", "url", "stop", "promo", "date", "label"} or _TOP_UTILITY.match(spaced)
                or (ln.words <= 8 and (_TICKER.search(t) or _BOILER_LINE.match(spaced)))
                or not re.search(r"[^\W\d_]", t))


def _menu_line(ln: Line) -> bool:
    """A line of the site's menu or its account links ("News", "Log in", "Home | Local | Sport")."""
    return bool(_is_nav(ln.text) or (_utility_line(ln) and not ln.flags & {"date", "label"}))


def _menu_shaped(ln: Line) -> bool:
    """A menu item by its shape: a few capitalised words, no sentence, no figures."""
    t = ln.text
    return (ln.words <= 4 and t[:1].isupper() and not re.search(r"[\d.!?:;,]$", t) and not re.search(r"\d", t)
            and ln.kind == SHORT)


def _name_recurs(lines: list[Line], name: str, k: int, headline: int | None, weak: bool) -> bool:
    """Whether the site's name appears again on the page, within another line and outside the
    story: in a copyright line ("© 2024 Name"), a photo credit ("Picture: Name") or, unless the
    name is a single plain word, in other page furniture ("About Name", "More stories on Name")."""
    core = re.sub(r"^the\s+", "", name, flags=re.I)
    rx = re.compile(r"(?<![\w])" + re.escape(core).replace(r"\ ", r"\s+") + r"(?![\w])", re.I)
    own = norm_text(lines[k].text)
    for i, ln in enumerate(lines):
        if i == k or i == headline or norm_text(ln.text) == own or not rx.search(ln.text):
            continue          # the banner line printed again is a duplicated block, not a mention
        if ln.flags & {"copyright", "credit", "caption"} or re.search(r"©|\bcopyright\b", ln.text, re.I):
            return True
        if not weak and (ln.chrome or ln.kind == SHORT or ln.text.startswith("About ")):
            return True
    return False


def top_banner(lines: list[Line], headline: int | None) -> str | None:
    """The site's name printed on top of its menu, the way most news sites start a page.

    Going down from the top, page utilities are passed over ("Skip to main content", "WATCH
    LIVE", "Menu", "Log in", today's date, a market ticker); the first other line, if it comes
    before the headline and reads as a name (up to five capitalised words once a tagline or
    crumbs are split off; not a menu item, a date or a sentence: see :func:`banner_name`), is
    the banner when

    * the site's menu follows it (menu items, account links, "Menu", with perhaps a tagline
      between), or
    * the name recurs elsewhere outside the story ("© 2024 Name", "Picture: Name", "About Name").

    A line followed directly by the headline (a kicker such as "THE WEEKEND READ") and a single
    plain word ("Explore", a town's name) must recur to count; a menu item ("Home", "News")
    met before any such line ends the search: the page has no banner of this kind.
    """
    limit = min(len(lines), headline if headline is not None else 40, 40)
    k = 0
    while k < limit and _utility_line(lines[k]):
        k += 1
    if k >= limit:
        return None
    ln = lines[k]
    t = ln.text
    if (ln.chrome or ln.flags & {"byline", "bullet", "maybe_bio"} or ln.words > 6 or _is_nav(t)
            or t.endswith((".", "?", "!", ":", ",", ";"))):
        return None
    name = banner_name(t)
    if name is None and t == t.lower():
        name = banner_name(_lower_to_title(t))   # a name set in lower case ("the harbour times")
    if not name or _TOP_UTILITY.match(name):
        return None
    raw = _BANNER_SPLIT.split(t, maxsplit=1)[0].strip()
    weak = len(name.split()) == 1 and not (raw.isupper() or re.search(r"\w[A-Z0-9]", raw))
    if _name_recurs(lines, name, k, headline, weak):
        return name
    if weak:
        return None
    if k + 1 >= len(lines) or (headline is not None and k + 1 >= headline):
        return None               # straight above the headline: a kicker, unless it recurs
    return name if _menu_follows(lines, k + 1, limit) else None


def _lower_to_title(text: str) -> str:
    """A banner set in lower case, in title case ("the harbour times" -> "The Harbour Times");
    small words stay in lower case except the first."""
    return " ".join(w if (k and w in _SMALL_WORDS) else w[:1].upper() + w[1:]
                    for k, w in enumerate(text.split()))


def _menu_follows(lines: list[Line], i: int, limit: int) -> bool:
    """Whether the site's menu starts at line ``i`` (before ``limit``), perhaps after a tagline
    or a weather or market ticker: a line of three or more items ("Home | Local | Sport"), or two
    lines in a row that are menu items or account links ("News", "Subscribe", "Log in"), at
    least one of them by its vocabulary. A single section label ("LOCAL") is no menu."""
    tagline = False
    while i < limit:
        ln = lines[i]
        if len(re.split(r"\s+[|•·]\s+", ln.text)) >= 3 and ln.words <= 20 and not ln.prose:
            return True
        pair = lines[i:min(i + 2, limit)]
        if (len(pair) == 2 and all(_menu_line(x) or _menu_shaped(x) for x in pair)
                and any(_menu_line(x) for x in pair)):
            return True
        if len(lines[i:limit]) >= 3 and all(_menu_shaped(x) for x in lines[i:i + 3]):
            return True
        if ln.flags & {"date", "label"} or (ln.words <= 8 and _TICKER.search(ln.text)):
            i += 1            # today's date, the weather
            continue
        if tagline or ln.kind == PROSE or ln.chrome or not 1 <= ln.words <= 14:
            return False
        tagline = True        # the site's tagline, or its town
        i += 1
    return False


def _clean_name(text: str) -> str | None:
    """A plausible outlet name from a banner line, or None."""
    name = _DECORATION.sub(" ", text)
    name = re.sub(r"\s+", " ", name).strip(" -.'’")
    ws = name.split()
    if not 1 <= len(ws) <= 5 or len(name) < 3 or _is_nav(name):
        return None
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and", "&", "for", "on", "de")
               for w in ws):
        return None
    if any(w.lower() in STOPWORDS - {"the", "of", "and", "for", "on", "new"} for w in ws):
        return None
    return _caps_to_title(name)


def _caps_to_title(name: str) -> str:
    """A name set in capitals, in title case ("THE HARBOUR TIMES" -> "The Harbour Times");
    words without vowels stay as acronyms ("NPR"), names in mixed case stay as they are."""
    if not name.isupper() or len(name) <= 4:
        return name
    out = []
    for k, w in enumerate(name.split()):
        low = w.lower()
        if k and low in _SMALL_WORDS:
            out.append(low)
        elif w.isalpha() and not re.search(r"[AEIOUY]", w):
            out.append(w)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in low.split("-")))
    return " ".join(out)


def byline_credit(lines: list[Line], lo: int, hi: int) -> str | None:
    """A wire agency credited on the byline line ("By Jane Doe, Associated Press")."""
    for ln in lines[lo:hi]:
        if "byline" not in ln.flags:
            continue
        for part in re.split(r"\s*(?:,|\||/|•|·|\s[-–—]\s)\s*", ln.text)[1:]:
            agency = WIRE_AGENCIES.get(part.strip(" .").lower())
            if agency:
                return agency
    return None


def find_outlet(lines: list[Line], headline: int | None, body: list[str], start: int) -> str | None:
    """The outlet: a wire credit in the dateline (or on the byline) wins, else the site's
    banner name."""
    for p in body[:3]:
        credit = dateline_credit(p)
        if credit:
            return credit
    if headline is not None:
        credit = byline_credit(lines, *meta_window(lines, headline, start))
        if credit:
            return credit
    return site_name(lines, headline)


def meta_window(lines: list[Line], headline: int | None, start: int) -> tuple[int, int]:
    """The lines where a story's date and byline are printed: from just above the headline
    until the body is clearly under way (its second prose line), at most 40 lines on."""
    if headline is None:
        return max(0, start - 8), start
    lo, hi, prose_seen = max(0, headline - 4), headline + 1, 0
    while hi < min(len(lines), headline + 40) and prose_seen < 2:
        prose_seen += lines[hi].kind == PROSE and not lines[hi].chrome
        hi += 1
    return lo, hi


def find_published(lines: list[Line], headline: int | None, start: int, page_text: str) -> datetime | None:
    """The publication date stated near the headline (between a few lines above it and the
    body), preferring a "Published/Posted" label over "Updated"; never from a caption or prose."""
    lo, hi = meta_window(lines, headline, start)
    candidates = []
    for i in range(lo, hi):
        ln = lines[i]
        if "date" not in ln.flags or ln.flags & {"caption", "credit"}:
            continue
        labelled = bool(_DATE_LABEL.search(ln.text))
        updated = bool(_UPDATED_LABEL.search(ln.text)) and not re.search(r"\b(?:published|posted)\b", ln.text, re.I)
        dist = abs(i - (headline if headline is not None else start))
        rank = (2 if updated else (0 if labelled else 1), dist)
        candidates.append((rank, ln))
    if not candidates:
        first = next((ln for ln in lines[start:start + 3] if ln.prose), None)
        found = dateline_date(first.text) if first is not None else None
        if found is None or found.ambiguous:
            found = footer_published(lines, start)
        return found.value if found is not None and not found.ambiguous else None
    candidates.sort(key=lambda c: c[0])
    ln = candidates[0][1]
    found = _labelled_date(ln)
    if found.ambiguous:
        return _settle_ambiguous(found, lines, page_text)
    return found.value


# A sentence stating when the story was published, printed after it: "This article was
# published on 18 February 2024." Only the version shown: a "first" or "originally" published
# date says the story has been republished or updated since, and a sentence going on past the
# date ("... and has been updated") does not date it either, so it must end there.
_PUBLISHED_SENTENCE = re.compile(r"^this\s+(?:article|story|piece|report|page)\s+was\s+published(?:\s+on)?\s+"
                                 r"(?P<date>.+?)\W*$", re.I)


def footer_published(lines: list[Line], start: int) -> DateMatch | None:
    """The date in a publication sentence printed after the story starts (see
    :data:`_PUBLISHED_SENTENCE`), when the whole rest of the sentence is that date."""
    for ln in lines[start:]:
        m = _PUBLISHED_SENTENCE.match(ln.text.strip())
        if not m or ln.words > 16:
            continue
        found = find_dates(m.group("date"))
        if len(found) == 1 and found[0].start == 0 and not m.group("date")[found[0].end:].strip(" .,"):
            return found[0]
    return None


def _labelled_date(ln: Line):
    """Of several dates on one line ("Updated: ... | Published: ..."), the one introduced as the
    publication date, else the first one not introduced as an update."""
    if len(ln.dates) == 1:
        return ln.dates[0]
    prev_end, best = 0, None
    for d in ln.dates:
        before = ln.text[prev_end:d.start]
        if re.search(r"\b(?:published|posted|first published|released)\b", before, re.I):
            return d
        if best is None and not _UPDATED_LABEL.search(before):
            best = d
        prev_end = d.end
    return best or ln.dates[0]


def _settle_ambiguous(found, lines: list[Line], page_text: str) -> datetime:
    """Read 02/10/2020 as 2 Oct or 10 Feb: the reading nearest the other dates the page states
    in full, else the page's own day/month order, else month first."""
    anchors = [d.value.date() for ln in lines for d in ln.dates if not d.ambiguous]
    anchors += [d.value.date() for d in find_dates(page_text) if not d.ambiguous]
    if anchors:
        pick = nearest([found.value, found.alternative], anchors)
        if pick is not None:
            return pick
    if guess_day_first(page_text):
        return found.alternative or found.value
    return found.value


def _names_from(text: str) -> str | None:
    """The author names at the start of ``text`` (after "By"), cut at dates, separators, roles."""
    m = _MONTH_WORD.search(text)
    if m:
        text = text[:m.start()]
    cut = _BYLINE_STOP.search(text)
    names = text[:cut.start()] if cut else text
    names = re.sub(r"(?<=[a-z])(?:Staff|Senior|Contributing)?\s*(?:Writer|Reporter|Editor)$", "", names)
    names = re.sub(r"\s+in\s+[A-Z][\w.'’ -]*$", "", names.strip())          # "... in Paris"
    parts = [p.strip() for p in names.split(",")]
    parts = [p for p in parts if p and not re.search(r"\w\.\w", p)
             and not (_ROLE_WORDS | NAV_WORDS) & {w.lower() for w in p.split()}]  # "Phys.org", "BBC News"
    names = ", ".join(parts).strip(" ,-–—:")
    if not re.search(r"\b(?:Jr|Sr|[A-Z])\.$", names):
        names = names.rstrip(".")
    ws = names.split()
    if not 1 <= len(ws) <= 10 or len(names) > 80:
        return None
    if not ws[0][:1].isupper():
        return None
    if names.isupper() and len(names) > 4:
        names = names.title()
    return names


def find_byline(lines: list[Line], headline: int | None, start: int) -> str | None:
    """Authors from a "By ..." line near the headline (or a names-only line beside the date)."""
    if headline is None:
        return None
    lo, hi = meta_window(lines, headline, start)
    lo = max(lo, headline - 3)
    for i in range(lo, hi):
        t = lines[i].text
        m = _BYLINE_START.match(t)
        if m and lines[i].words <= 14:
            rest = t[m.end():]
            if not rest.strip() and i + 1 < len(lines):     # "By" on its own line
                rest = lines[i + 1].text
            names = _names_from(rest)
            if names:
                return names
        if "date" in lines[i].flags:
            m = re.search(r"\b(?i:by)\s+(?=[A-Z])", t)
            if m:
                names = _names_from(t[m.end():])
                if names:
                    return names
    for i in range(headline + 1, hi):  # "Jane Doe" right beside the date line
        ln = lines[i]
        if ln.chrome or not _looks_like_names(ln.text) or ln.prose:
            continue
        if any(norm_text(lines[k].text) == norm_text(ln.text) for k in (i - 1, i + 1) if 0 <= k < len(lines)):
            continue  # a section label printed twice
        if any("date" in lines[k].flags for k in (i - 1, i + 1) if 0 <= k < len(lines)):
            return ln.text
        if i + 1 < len(lines) and _about_author(lines[i + 1].text, [ln.text]):
            return ln.text    # an author box: the name, then "Jane Doe is a ..."
    return None


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

def extract_scraped_text(text: str) -> Article:
    """Extract headline, outlet, date, byline and body from a scraped text page.

    ``id``, ``origin`` and ``url`` are left empty for the reader to fill.
    """
    lines = classify(split_lines(text or ""))
    block = select_main_block(lines)
    if block is None:  # no English prose: judge lines by length and punctuation alone
        lines = classify(split_lines(text or ""), any_language=True)
        block = select_main_block(lines)
    if block is None:
        title = next((ln.text for ln in lines if not ln.chrome and ln.words >= 1), "")
        return Article(title=title, body="")
    headline = choose_headline(lines, block[0])
    if headline is not None and headline >= block[0]:   # the block opened with its headline
        nxt = next((k for k in range(headline + 1, block[1] + 1) if lines[k].prose), None)
        if nxt is None:
            headline = None
        else:
            block = (nxt, block[1])
    title = lines[headline].text if headline is not None else ""
    byline = find_byline(lines, headline, block[0])
    paras = assemble_body(lines, headline, block, byline)
    if not title and paras:  # no headline printed: the first sentence stands in
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“‘'])", paras[0], maxsplit=1)[0]
        title = first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0]
    key = norm_text(title)
    paras = [p for p in paras if norm_text(p) != key]
    return Article(
        title=title,
        body="\n\n".join(paras),
        source=find_outlet(lines, headline, paras, block[0]),
        published=find_published(lines, headline, block[0], text),
        byline=byline,
    )
