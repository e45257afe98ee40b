"""Helpers for run-notebooks.sh and check-render.sh (Python 3 standard library only).

  clean-check NB...            stored notebooks must have no outputs and no execution counts
  errors NB                    error outputs of an executed notebook (exit 1 if any)
  analyze PAGE.html OUT.json   the Plotly figure divs a page's source HTML defines
  verify OUT.json DOM.html     check that each of them rendered (holds an svg.main-svg)
"""
import json
import re
import sys
from html.parser import HTMLParser

FIGURE_CLASS = "uhop-figure"          # marker class the kit puts on every figure div
RENDERED_CLASS = "main-svg"           # Plotly draws its <svg class="main-svg"> inside the graph div
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}
PLOT_CALL = re.compile(r"Plotly\.(?:newPlot|react|plot)\s*\(")
PLOT_TARGET_STR = re.compile(r"Plotly\.(?:newPlot|react|plot)\s*\(\s*['\"]([^'\"]+)['\"]")
GET_BY_ID = re.compile(r"getElementById\(\s*['\"]([^'\"]+)['\"]\s*\)")


def clean_check(paths):
    bad = 0
    for path in paths:
        try:
            nb = json.load(open(path, encoding="utf-8"))
        except Exception as e:  # noqa: BLE001
            print(f"{path}: not a readable notebook: {e}")
            bad += 1
            continue
        problems = []
        for i, cell in enumerate(nb.get("cells", []), 1):
            if cell.get("cell_type") != "code":
                continue
            if cell.get("outputs"):
                problems.append(f"cell {i} has outputs")
            if cell.get("execution_count") is not None:
                problems.append(f"cell {i} has execution_count {cell['execution_count']}")
        if problems:
            bad += 1
            shown = "; ".join(problems[:5]) + (f"; ... ({len(problems)} problems)" if len(problems) > 5 else "")
            print(f"{path}: {shown}")
    return 1 if bad else 0


def errors(path):
    nb = json.load(open(path, encoding="utf-8"))
    found = 0
    for i, cell in enumerate(nb.get("cells", []), 1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found += 1
                tb = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(out.get("traceback", [])))
                print(f"cell {i}: {out.get('ename')}: {out.get('evalue')}\n{tb}")
    return 1 if found else 0


def classes_of(attrs):
    return (dict(attrs).get("class") or "").split()


class SourceScan(HTMLParser):
    """Figure divs written in the page: elements with the marker class, plus Plotly call targets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.marked = []          # ids (or None) of marker-class elements, document order
        self.targets = []         # ids passed to Plotly.newPlot/react in inline scripts
        self.cells = 0
        self._script = None

    def handle_starttag(self, tag, attrs):
        cls = classes_of(attrs)
        if FIGURE_CLASS in cls:
            self.marked.append(dict(attrs).get("id"))
        if "jp-Cell" in cls or "cell" in cls:
            self.cells += 1
        if tag == "script":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._scan_script("".join(self._script))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def _scan_script(self, text):
        head = text[:2000]
        if "plotly.js v" in head or "Plotly" not in text:
            return                # the plotly.js bundle itself, or unrelated
        if not PLOT_CALL.search(text):
            return
        self.targets.extend(PLOT_TARGET_STR.findall(text))
        self.targets.extend(GET_BY_ID.findall(text))


def analyze(page, out):
    scan = SourceScan()
    scan.feed(open(page, encoding="utf-8", errors="replace").read())
    scan.close()
    ids = [i for i in scan.marked if i] + scan.targets
    seen, expected, dups = set(), [], []
    for i in ids:
        if i in seen:
            continue
        seen.add(i)
        expected.append(i)
    marked_ids = [i for i in scan.marked if i]
    dups = sorted({i for i in marked_ids if marked_ids.count(i) > 1})
    result = {
        "expected_ids": expected,
        "marked_without_id": sum(1 for i in scan.marked if not i),
        "marked": len(scan.marked),
        "duplicate_ids": dups,
        "height": max(1600, min(16000, 300 + 160 * scan.cells + 520 * len(expected))),
    }
    json.dump(result, open(out, "w"))
    print(result["height"])
    return 0


class DomScan(HTMLParser):
    """Which ids / marker elements have an svg.main-svg descendant in the rendered DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []           # [tag, id, marker index or None]
        self.ids = set()
        self.rendered_ids = set()
        self.markers = []         # id (or None) of each marker element, document order
        self.rendered_markers = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        marker = None
        if FIGURE_CLASS in cls:
            marker = len(self.markers)
            self.markers.append(a.get("id"))
        if a.get("id"):
            self.ids.add(a["id"])
        if RENDERED_CLASS in cls:
            for _, eid, m in self.stack:
                if eid:
                    self.rendered_ids.add(eid)
                if m is not None:
                    self.rendered_markers.add(m)
        if tag not in VOID:
            self.stack.append([tag, a.get("id"), marker])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                return


def verify(analysis, dom):
    info = json.load(open(analysis))
    scan = DomScan()
    scan.feed(open(dom, encoding="utf-8", errors="replace").read())
    scan.close()
    figures = {}              # name -> rendered?
    for i in info["expected_ids"]:
        figures[i] = i in scan.rendered_ids
    for k, mid in enumerate(scan.markers):
        name = mid or f"<{FIGURE_CLASS} div #{k + 1} without id>"
        figures[name] = figures.get(name, True) and k in scan.rendered_markers
    problems = []
    if not figures:
        problems.append(f"no figures: the page has no '{FIGURE_CLASS}' div (every notebook here shows at least one)")
    bad = [n for n, ok in figures.items() if not ok]
    if bad:
        problems.append("not rendered: " + ", ".join(
            n + ("" if n in scan.ids or n.startswith("<") else " (no such element in the DOM)") for n in bad))
    if len(scan.markers) < info["marked"]:
        problems.append(f"the page source has {info['marked']} '{FIGURE_CLASS}' divs, the DOM only {len(scan.markers)}")
    if info["duplicate_ids"]:
        problems.append("duplicate figure ids (Plotly draws only the first): " + ", ".join(info["duplicate_ids"]))
    print(f"{len(figures) - len(bad)}/{len(figures)}")
    for p in problems:
        print(p)
    return 1 if problems else 0


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "clean-check":
        return clean_check(args)
    if cmd == "errors":
        return errors(args[0])
    if cmd == "analyze":
        return analyze(args[0], args[1])
    if cmd == "verify":
        return verify(args[0], args[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
