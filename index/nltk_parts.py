"""The two parts of NLTK the analyzer uses — the Snowball English stemmer and the regexp
compiler behind ``RegexpTokenizer`` (``nltk.redos``) — loaded without NLTK's package
``__init__``.

``import nltk`` imports most of NLTK (collocations, metrics and, when it is installed, SciPy):
1.2–2.3 s here, paid by every ``newsdesk`` command before it does anything. The stemmer and the
regexp compiler need none of that. This module loads exactly those modules from the installed
NLTK: the parent packages are stood in for while they load (``nltk.corpus`` is only consulted by
the stemmer for its optional stopword list, which is not used), then the stand-ins are taken out
of ``sys.modules`` again so that a later ``import nltk`` elsewhere gets the real package. If that
ever fails (another NLTK version), the ordinary import is used.

    $ python -X importtime -c "import index.nltk_parts"   # about 20 ms instead of 1.2–2.3 s

>>> EnglishStemmer().stem("stabilizing")
'stabil'
>>> redos.compile(r"\\w+", 0, timeout=None).findall("two words")
['two', 'words']
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types

_STANDINS = ("nltk", "nltk.stem", "nltk.corpus")


def _load_light():
    if "nltk" in sys.modules:  # the real package is loaded already: nothing to save
        from nltk import redos as rx
        from nltk.stem.snowball import EnglishStemmer as stemmer
        return stemmer, rx
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("NLTK is not installed")
    root = list(spec.submodule_search_locations)
    standins = {
        "nltk": types.ModuleType("nltk"),
        "nltk.stem": types.ModuleType("nltk.stem"),
        "nltk.corpus": types.ModuleType("nltk.corpus"),
    }
    standins["nltk"].__path__ = root
    standins["nltk.stem"].__path__ = [os.path.join(root[0], "stem")]
    standins["nltk.corpus"].stopwords = None  # only read when ignore_stopwords=True
    sys.modules.update(standins)
    loaded = set()
    try:
        before = set(sys.modules)
        snowball = importlib.import_module("nltk.stem.snowball")
        rx = importlib.import_module("nltk.redos")
        loaded = set(sys.modules) - before
        return snowball.EnglishStemmer, rx
    finally:
        for name in _STANDINS:
            sys.modules.pop(name, None)
        # The real modules loaded under the stand-ins stay usable through the references held
        # here, but leave sys.modules so that `import nltk` later builds the package properly.
        for name in loaded:
            if name.startswith("nltk"):
                sys.modules.pop(name, None)


try:
    EnglishStemmer, redos = _load_light()
except Exception:  # pragma: no cover - a different NLTK layout: take the slow, sure way
    for _name in [n for n in sys.modules if n == "nltk" or n.startswith("nltk.")]:
        sys.modules.pop(_name, None)
    from nltk import redos  # noqa: F401
    from nltk.stem.snowball import EnglishStemmer  # noqa: F401
