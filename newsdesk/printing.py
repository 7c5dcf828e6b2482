"""How the ``newsdesk`` command prints for a person: an index run's report, a page of search
results, the index's status. (``--json`` prints the same objects as JSON instead.)"""
from __future__ import annotations

import html
import re

__all__ = ["format_report", "format_results", "format_status"]


def format_report(report) -> str:
    lines = [
        f"{'Rebuilt' if report.rebuilt else 'Updated'} index at {report.index_dir} in {report.seconds:.1f}s",
        f"  files read     {report.files} ({report.files_unchanged} unchanged since last run)",
        f"  articles read  {report.articles_read}",
        f"  indexed        {report.indexed} new or changed",
        f"  unchanged      {report.unchanged}",
        f"  duplicates     {report.duplicates} (the same article, by URL, read twice; the fuller copy kept)",
    ]
    if report.removed:
        lines.append(f"  removed        {report.removed} (old versions of changed files)")
    if report.pruned:
        lines.append(f"  pruned         {report.pruned} (their files are gone)")
    if report.copies is not None:
        copies = "1 article is a copy" if report.copies == 1 else f"{report.copies} articles are copies"
        lines.append(f"  stories        {report.stories} ({copies} of another in their story: "
                     "syndicated or re-posted)")
    lines.append(f"  skipped        {len(report.skipped)}")
    for s in report.skipped:
        lines.append(f"    {s.origin}: {s.reason}")
    for n in report.notes:
        lines.append(f"  note: {n}")
    lines.append(f"  the index now holds {report.total} articles")
    return "\n".join(lines)


_MARK = re.compile(r"<mark>(.*?)</mark>")


def format_results(result: dict, color: bool = False) -> str:
    """The search object as a readable terminal list."""
    bold, dim, hl, reset = ("\033[1m", "\033[2m", "\033[1;33m", "\033[0m") if color else ("", "", "", "")
    out = []
    total = result["total"]
    head = f"{total} result{'s' if total != 1 else ''} for {result['query']!r}"
    if result["parsed"] != " ".join(result["query"].split()):
        head += f" (read as: {result['parsed'] or 'nothing searchable'})"
    out.append(head + f"  [{result['took_ms']} ms]")
    if result.get("showing_results_for"):
        out.append(f"Showing results for: {result['showing_results_for']} "
                   f"(search instead for {result['query']!r} with --no-correct)")
    elif result.get("suggestion"):
        out.append(f"Did you mean: {result['suggestion']}")
    first = (result["page"] - 1) * result["per_page"]
    for i, hit in enumerate(result["hits"], start=first + 1):
        meta = " · ".join(x for x in (hit["source"], (hit["published"] or "")[:10]) if x)
        out.append("")
        out.append(f"{i:>3}. {bold}{hit['title']}{reset}")
        if meta:
            out.append(f"     {dim}{meta}{reset}")
        text = _MARK.sub(lambda m: f"{hl}{m.group(1)}{reset}" if color else m.group(1), hit["snippet"])
        out.append("     " + html.unescape(text))
        if hit["copies"]:
            names = sorted({c["source"] for c in hit["copies"] if c["source"]})
            out.append(f"     {dim}+ {len(hit['copies'])} more cop{'ies' if len(hit['copies']) > 1 else 'y'}"
                       f"{': ' + ', '.join(names) if names else ''}{reset}")
        out.append(f"     {dim}id {hit['id']}{'  ' + hit['url'] if hit['url'] else ''}{reset}")
    shown = first + len(result["hits"])
    if total > shown:
        out.append(f"\n{shown} of {total} shown; next page: --page {result['page'] + 1}")
    return "\n".join(out)


def format_status(s: dict) -> str:
    lines = [f"Index at {s['index']} ({s['size_mb']} MB on disk)"]
    if s["state"] != "ok":
        lines.append(f"  {s['message']}")
    else:
        span = " to ".join(x[:10] for x in (s["first_published"], s["last_published"]) if x) or "no dates"
        lines += [f"  articles       {s['articles']}", f"  stories        {s['stories']} (copies grouped)",
                  f"  outlets        {len(s['sources'])}", f"  published      {span}"]
        top = ", ".join(f"{x['value']} ({x['count']})" for x in s["sources"][:5])
        if top:
            lines.append(f"  top outlets    {top}")
    b = s.get("last_build")
    if b:
        lines.append(f"Last run {b.get('finished', '?')}: {'rebuilt' if b.get('rebuilt') else 'updated'} in "
                     f"{b.get('seconds')}s; {b.get('indexed')} indexed, {b.get('unchanged')} unchanged, "
                     f"{b.get('duplicates')} duplicates, {b.get('skipped_count', 0)} skipped")
        for item in b.get("skipped", [])[:10]:
            lines.append(f"    skipped {item['origin']}: {item['reason']}")
        more = b.get("skipped_count", 0) - min(10, len(b.get("skipped", [])))
        if more > 0:
            lines.append(f"    and {more} more (newsdesk status --json lists up to 50)")
        for note in b.get("notes", [])[:10]:
            lines.append(f"  note: {note}")
    else:
        lines.append("No index run recorded here yet.")
    return "\n".join(lines)
