#!/usr/bin/env python3
"""grammar-check.py — the TextMate grammar scopes every keyword and literal.

    python3 tests/grammar-check.py [--html OUT.html FILE [FIRST LAST]]

Tokenises files with editors/docket.tmLanguage.json the way a TextMate
engine does (at each position the pattern that matches earliest wins, ties
to the first listed; begin/end regions with their own patterns; includes
from the repository), using Python's re (the grammar keeps to the regular
expression syntax Python and Oniguruma share). Then checks, against an
independent scan of each file:

  * every keyword of the scanner (lang/lexer.l) and every unit word
    (lang/units.c) is scoped as a keyword, constant, query or unit, alone on
    a line and wherever it appears in the shipped policies;
  * every string literal, date, number and comment of the shipped policies
    is scoped as one (string.quoted, constant.numeric.date,
    constant.numeric, comment);
  * editors/vscode/syntaxes/docket.tmLanguage.json is the same grammar, and
    the extension's package.json names files that exist.

With --html, writes FILE tokenised as an HTML page (the screenshot in
docs/editors.md) and checks nothing. Exit status 1 when a check fails.
"""
import glob
import html
import json
import re
import sys

GRAMMAR = "editors/docket.tmLanguage.json"
VSCODE = "editors/vscode/syntaxes/docket.tmLanguage.json"


class Grammar:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.g = json.load(f)
        self.cache = {}

    def expand(self, patterns):
        out = []
        for p in patterns:
            if "include" in p:
                ref = p["include"]
                target = self.g["repository"][ref[1:]] if ref.startswith("#") else self.g
                out.extend(self.expand(target.get("patterns", [target]) if "patterns" in target and not ("match" in target or "begin" in target) else [target]))
            elif "patterns" in p and "match" not in p and "begin" not in p:
                out.extend(self.expand(p["patterns"]))
            else:
                out.append(p)
        return out

    def rx(self, s):
        if s not in self.cache:
            self.cache[s] = re.compile(s)
        return self.cache[s]

    def tokenize_line(self, line, stack):
        """Tokens (start, end, scopes) of LINE; STACK holds open begin/end rules."""
        toks = []
        i = 0
        while i <= len(line):
            rule = stack[-1] if stack else None
            pats = self.expand(rule.get("patterns", [])) if rule else self.expand(self.g["patterns"])
            base = [r["name"] for r in stack if "name" in r]
            best = None
            if rule:
                m = self.rx(rule["end"]).search(line, i)
                if m:
                    best = (m.start(), -1, m, None)
            for k, p in enumerate(pats):
                m = self.rx(p.get("match") or p["begin"]).search(line, i)
                if m and (best is None or m.start() < best[0] or (m.start() == best[0] and best[1] != -1 and k < best[1])):
                    if m.end() == m.start() and "begin" not in p:
                        continue
                    best = (m.start(), k, m, p)
            if best is None:
                if i < len(line):
                    toks.append((i, len(line), base))
                break
            start, k, m, p = best
            if start > i:
                toks.append((i, start, base))
            if p is None:  # end of the region
                toks.append((m.start(), m.end(), base))
                stack.pop()
            elif "match" in p:
                self.captured(toks, m, p, base)
            else:
                self.captured(toks, m, p, base + ([p["name"]] if "name" in p else []), "beginCaptures")
                stack.append(p)
            # Always move on, even past an empty match.
            i = m.end() if m.end() > i else i + 1
            if i >= len(line) and not stack:
                break
        return toks

    def captured(self, toks, m, p, base, key="captures"):
        caps = p.get(key, {})
        scope = base + ([p["name"]] if "name" in p and key == "captures" else [])
        if not caps:
            toks.append((m.start(), m.end(), scope))
            return
        pos = m.start()
        for g in sorted(int(n) for n in caps if int(n) > 0):
            if m.start(g) < 0:
                continue
            if m.start(g) > pos:
                toks.append((pos, m.start(g), scope))
            toks.append((m.start(g), m.end(g), scope + [caps[str(g)]["name"]]))
            pos = m.end(g)
        if "0" in caps:
            toks.append((m.start(), m.end(), scope + [caps["0"]["name"]]))
        elif pos < m.end():
            toks.append((pos, m.end(), scope))

    def tokenize(self, text):
        stack = []
        out = []
        for n, line in enumerate(text.split("\n")):
            # A region that reaches the end of a line closes there (strings
            # do not span lines in Docket).
            out.append(self.tokenize_line(line, stack))
            stack.clear()
        return out


def scope_at(toks, col):
    for a, b, s in toks:
        if a <= col < b:
            return s
    return []


def lexer_keywords():
    with open("lang/lexer.l", encoding="utf-8") as f:
        return re.findall(r'^"([a-z]+)"\s+(?:DECL|return KW_)', f.read(), re.M)


def unit_words():
    with open("lang/units.c", encoding="utf-8") as f:
        words = []
        for sing, plur in re.findall(r'\{DUR_[A-Z_]+, "([a-z ]+)", "([a-z ]+)"', f.read()):
            words += sing.split() + plur.split()
        return sorted(set(words))


KEYWORD_SCOPES = ("keyword.", "constant.language.", "support.function.", "storage.type.")


def scanned(line):
    """An independent scan of one line: (kind, start, end) for comments,
    strings, dates, numbers and words, outside strings and comments."""
    out = []
    i = 0
    while i < len(line):
        c = line[i]
        if c == "#":
            out.append(("comment", i, len(line)))
            break
        if c == '"':
            j = i + 1
            while j < len(line) and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            out.append(("string", i, min(j + 1, len(line))))
            i = j + 1
            continue
        m = re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", line[i:])
        if m and (i == 0 or not line[i - 1].isalnum()):
            out.append(("date", i, i + m.end()))
            i += m.end()
            continue
        m = re.match(r"[0-9]+(?![A-Za-z_])", line[i:])
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            out.append(("number", i, i + m.end()))
            i += m.end()
            continue
        m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", line[i:])
        if m:
            out.append(("word", i, i + m.end()))
            i += m.end()
            continue
        i += 1
    return out


def check(gr):
    bad = []
    kws = lexer_keywords()
    units = unit_words()
    for w in kws + units:
        s = scope_at(gr.tokenize(w)[0], 0)
        if not any(x.startswith(KEYWORD_SCOPES) for x in s):
            bad.append(f"keyword '{w}' alone on a line is not scoped ({s})")
    want = {"comment": "comment.", "string": "string.quoted.", "date": "constant.numeric.date", "number": "constant.numeric."}
    counts = {"keyword": 0, "comment": 0, "string": 0, "date": 0, "number": 0}
    files = sorted(glob.glob("policies/**/*.docket", recursive=True))
    words = set(kws) | set(units)
    for path in files:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        toks = gr.tokenize("\n".join(lines))
        for n, line in enumerate(lines):
            for kind, a, b in scanned(line):
                if kind == "word":
                    if line[a:b] not in words:
                        continue
                    s = scope_at(toks[n], a)
                    ok = any(x.startswith(KEYWORD_SCOPES + ("entity.name.", "variable.parameter.", "support.type.")) for x in s)
                    kind = "keyword"
                else:
                    ok = all(any(x.startswith(want[kind]) for x in scope_at(toks[n], k)) for k in range(a, b))
                counts[kind] += 1
                if not ok:
                    bad.append(f"{path}:{n + 1}:{a + 1}: {kind} '{line[a:b]}' scoped {scope_at(toks[n], a)}")
    with open(GRAMMAR, encoding="utf-8") as f1, open(VSCODE, encoding="utf-8") as f2:
        if f1.read() != f2.read():
            bad.append(f"{VSCODE} differs from {GRAMMAR}")
    # The extension's manifest names files that exist, and its language
    # configuration is JSON.
    import os
    with open("editors/vscode/package.json", encoding="utf-8") as f:
        pkg = json.load(f)
    named = [pkg["main"]] + [g["path"] for g in pkg["contributes"]["grammars"]] + \
            [l["configuration"] for l in pkg["contributes"]["languages"]]
    for rel in named:
        path = os.path.normpath(os.path.join("editors/vscode", rel))
        if not os.path.exists(path):
            bad.append(f"editors/vscode/package.json names {rel}, which does not exist")
        elif path.endswith(".json"):
            with open(path, encoding="utf-8") as f:
                json.load(f)
    for b in bad[:30]:
        print("FAIL", b)
    print(f"grammar: {len(kws)} keywords and {len(units)} unit words scoped; in {len(files)} policies "
          + ", ".join(f"{v} {k}s" for k, v in counts.items()) + (" scoped" if not bad else f"; {len(bad)} problems"))
    return 1 if bad else 0


COLOURS = [("comment", "#6a737d", "italic"), ("string", "#032f62", ""), ("constant.numeric", "#005cc5", ""),
           ("constant.language", "#d73a49", "bold"), ("keyword.declaration", "#6f42c1", "bold"),
           ("keyword.other", "#e36209", ""), ("keyword", "#d73a49", ""), ("support.function", "#22863a", "bold"),
           ("storage.type", "#b08800", ""), ("entity.name", "#005cc5", "bold"), ("invalid", "#b31d28", "")]


def render(gr, src, out, first=1, last=None):
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    toks = gr.tokenize("\n".join(lines))
    body = []
    for n, line in enumerate(lines):
        if n + 1 < first or (last and n + 1 > last):
            continue
        parts = []
        for a, b, s in toks[n]:
            text = html.escape(line[a:b])
            style = ""
            for prefix, colour, extra in COLOURS:
                if any(x.startswith(prefix) for x in s):
                    style = f"color:{colour};" + ("font-weight:bold;" if extra == "bold" else "font-style:italic;" if extra == "italic" else "")
                    break
            parts.append(f'<span style="{style}">{text}</span>' if style else text)
        body.append(f'<span class="n">{n + 1:3}</span>  ' + "".join(parts))
    with open(out, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>body{margin:0;background:#fff}"
                "pre{font:14px/1.45 'DejaVu Sans Mono',monospace;padding:12px 16px;margin:0;color:#24292e}"
                ".n{color:#959da5}</style></head><body><pre>" + "\n".join(body) + "</pre></body></html>\n")
    return 0


if __name__ == "__main__":
    g = Grammar(GRAMMAR)
    if len(sys.argv) in (4, 6) and sys.argv[1] == "--html":
        span = [int(x) for x in sys.argv[4:6]]
        sys.exit(render(g, sys.argv[3], sys.argv[2], *span))
    if len(sys.argv) != 1:
        sys.exit(__doc__)
    sys.exit(check(g))
