#!/usr/bin/env python3
"""doc-examples.py — the command examples in the docs are what docket prints.

    python3 tests/doc-examples.py DOCKET [FILE.md ...]
    UPDATE=1 python3 tests/doc-examples.py DOCKET   # rewrite the outputs

A fenced block of a Markdown file under docs/ (and README.md) whose first
line is `$ docket ARGS` is an example: ARGS are run from the repository root
with NO_COLOR=1 and no standard input, standard output and standard error
merged, and what is printed must be the rest of the block, exactly. A line
that is only `...` in the block stands for lines left out: the lines before
it must begin the output and the lines after it must end it.

Blocks are left alone (and counted as skipped) when the line before the
fence is `<!-- illustration -->` (output of a modified copy, a step of a
workflow, timings), or when they cannot be replayed as written: more than one `$` line, a pipe, a redirection or a continued
line, a file argument that does not exist (an illustration), or `eval`
without `--as-of` (its output depends on today's date).

Ends with "N passed, N failed" and exits 1 when any example differs.
"""
import os
import re
import shlex
import subprocess
import sys

FENCE = re.compile(r"^(\s*)```")


def blocks(lines):
    """Yield (start, end) line indexes of the body of each fenced block."""
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            j = i + 1
            while j < len(lines) and not FENCE.match(lines[j]):
                j += 1
            yield i + 1, j
            i = j + 1
        else:
            i += 1


def replayable(cmd_line, body):
    """The argv of an example that can be replayed, or None with a reason."""
    if any(l.startswith("$ ") for l in body):
        return None
    if any(c in cmd_line for c in "|<>\\`;&"):
        return None
    try:
        argv = shlex.split(cmd_line[2:])
    except ValueError:
        return None
    if argv[:1] != ["docket"]:
        return None
    args = argv[1:]
    for a in args:
        if re.search(r"\.(docket|csv|jsonl|txt)$", a) and not os.path.exists(a):
            return None
    if args[:1] == ["eval"] and "--as-of" not in args:
        return None
    return args


def run(docket, args):
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([docket] + args, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       env=env, timeout=120)
    return p.stdout.decode("utf-8", "replace").splitlines()


def matches(want, got):
    if "..." in want:
        k = want.index("...")
        head, tail = want[:k], want[k + 1:]
        return (got[:len(head)] == head and
                (not tail or got[-len(tail):] == tail) and
                len(got) >= len(head) + len(tail))
    return want == got


def main():
    if len(sys.argv) < 2:
        print("usage: python3 tests/doc-examples.py DOCKET [FILE.md ...]", file=sys.stderr)
        return 2
    docket = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.chdir(root)
    files = sys.argv[2:] or (["README.md"] + sorted(
        os.path.join("docs", f) for f in os.listdir("docs") if f.endswith(".md")))
    update = bool(os.environ.get("UPDATE"))
    passed = failed = skipped = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        changed = False
        # Walk from the end so that rewriting a block keeps earlier indexes.
        for start, end in reversed(list(blocks(lines))):
            if start >= end or not lines[start].startswith("$ docket"):
                continue
            cmd, body = lines[start], lines[start + 1:end]
            prev = start - 2
            while prev >= 0 and not lines[prev].strip():
                prev -= 1
            if prev >= 0 and lines[prev].strip() == "<!-- illustration -->":
                skipped += 1
                continue
            args = replayable(cmd, body)
            if args is None:
                skipped += 1
                continue
            got = run(docket, args)
            if matches(body, got):
                passed += 1
                continue
            if update and "..." not in body:
                lines[start + 1:end] = got
                changed = True
                print(f"updated {path}:{start + 1}: {cmd}")
                passed += 1
                continue
            failed += 1
            print(f"FAIL {path}:{start + 1}: {cmd}")
            print("  the docs say:")
            for l in body[:12]:
                print("    " + l)
            print("  docket prints:")
            for l in got[:12]:
                print("    " + l)
        if changed:
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
    print(f"doc examples: {skipped} skipped (not replayable as written)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
