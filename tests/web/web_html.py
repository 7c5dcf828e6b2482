"""A small HTML reader for the tests: the elements of a page with their attributes and text."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict
    parts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    def inner_html_tags(self) -> set[str]:
        out = set()
        for p in self.parts:
            if isinstance(p, Element):
                out.add(p.tag)
                out |= p.inner_html_tags()
        return out


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.all: list[Element] = []

    def handle_starttag(self, tag, attrs):
        el = Element(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].parts.append(el)
        self.all.append(el)
        if tag not in VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].parts.append(data)


class Page:
    def __init__(self, html: str | bytes):
        if isinstance(html, bytes):
            html = html.decode("utf-8")
        self.html = html
        r = _Reader()
        r.feed(html)
        r.close()
        self.root = r.root
        self.elements = r.all

    def find_all(self, tag: str | None = None, **attrs) -> list[Element]:
        out = []
        for el in self.elements:
            if tag and el.tag != tag:
                continue
            ok = True
            for k, v in attrs.items():
                k = k.rstrip("_").replace("_", "-")
                have = el.attrs.get(k)
                if v is True:
                    ok = have is not None
                elif k == "class":
                    ok = have is not None and v in have.split()
                else:
                    ok = have == v
                if not ok:
                    break
            if ok:
                out.append(el)
        return out

    def find(self, tag: str | None = None, **attrs) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    @property
    def text(self) -> str:
        return self.root.text

    def hrefs(self) -> list[str]:
        return [el.attrs["href"] for el in self.elements if "href" in el.attrs]
