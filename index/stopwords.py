"""The project's English stopword list, written for news search.

Function words only: pronouns, articles, auxiliaries, prepositions, conjunctions and their
apostrophe-less contractions. Words that carry news meaning are deliberately absent ("new",
"state", "first", "may" as in the month is kept out too). Acronyms that collide with one of
these words ("US", "IT", "WHO") are kept apart by the acronym filter before this list applies.
"""

STOPWORDS = frozenset("""
a an the and or but nor if then else so than too very
i me my mine myself we us our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their theirs themselves
what which who whom whose this that these those am is are was were be been being
have has had having do does did doing would should could ought shall will can
im ive id youre youve youd youll hes shes its were theyre theyve theyd theyll
isnt arent wasnt werent hasnt havent hadnt doesnt dont didnt wont wouldnt shant shouldnt
cant cannot couldnt mustnt lets thats whos whats heres theres whens wheres whys hows
of at by for with about against between into through during before after above below
to from up down in out on off over under again further once here there when where why how
all any both each few more most other some such no not only own same just also
as until while because s t d ll m o re ve y
""".split())
