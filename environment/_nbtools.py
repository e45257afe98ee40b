"""Helpers for run-notebooks.sh and check-render.sh (Python 3 standard library only).

  clean-check NB...            stored notebooks must have no outputs and no execution counts
  errors NB                    error outputs of an executed notebook (exit 1 if any)
  analyze PAGE.html OUT.json   the Plotly figure divs a page's source HTML defines
  verify OUT.json DOM.html     check that each of them rendered (holds an svg.main-svg)
  counts NB                    JSON {"figures": n, "tables": n} of an executed notebook's HTML outputs
  share-assets PAGE.html ASSETS_DIR PLOTLY_MIN_JS
                               replace the page's inlined plotly.js and its large inline CSS by one
                               shared copy each under ASSETS_DIR (relative links)
  record-run RUNS.json NAME SECONDS   remember a notebook's wall time (for the gallery)
  gallery ROOT BUILD_DIR       write BUILD_DIR/html/index.html (+ thumbnails from the render check's
                               screenshots): every notebook with title, one line, thumbnail, run time
  probe PAGE.html OUT.html     copy of the page that records where its first drawn figure sits
  figure-top DOM.html          that position (px from the top), from the browser's DOM dump
  gallery-check ROOT BUILD_DIR every notebook in the gallery, every link of the gallery and of the
                               pages resolves inside BUILD_DIR/html; prints the size of the set
"""
import hashlib
import json
import os
import re
import shutil
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


def counts(path):
    """Figure divs and HTML tables in the text/html outputs, as the live notebook must show them."""
    nb = json.load(open(path, encoding="utf-8"))
    figures = tables = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html is None:
                continue
            html = html if isinstance(html, str) else "".join(html)
            figures += len(re.findall(r'class="[^"]*\b' + FIGURE_CLASS + r'\b', html))
            tables += len(re.findall(r"<table\b", html, re.I))
    print(json.dumps({"figures": figures, "tables": tables}))
    return 0


# The kit inlines plotly.js (report/Plots.java): <script>/**\n* plotly.js v2.35.3\n* Copyright ...</script>.
# A browser ends an inline script at the first "</script>", so the lazy match ends where the browser does.
INLINE_PLOTLY = re.compile(r"<script>(\s*/\*\*\s*\*\s*plotly\.js v(\d+\.\d+\.\d+)\b.*?)</script>", re.S)
PLOTLY_VERSION = re.compile(r"plotly\.js v(\d+\.\d+\.\d+)")
INLINE_STYLE = re.compile(r"<style([^>]*)>(.*?)</style>", re.S | re.I)
SHARED_CSS_MIN = 20000       # inline CSS at least this long (nbconvert's ~0.5 MB theme) goes to a shared file


def share_assets(page, assets_dir, plotly_min):
    """Rewrites PAGE in place: one shared plotly.js and CSS file per set of pages instead of copies."""
    text = open(page, encoding="utf-8").read()
    rel = os.path.relpath(assets_dir, os.path.dirname(os.path.abspath(page))).replace(os.sep, "/")
    os.makedirs(assets_dir, exist_ok=True)
    head = open(plotly_min, encoding="utf-8", errors="replace").read(400)
    m = PLOTLY_VERSION.search(head)
    if not m:
        print(f"{plotly_min}: not a plotly.js bundle (no 'plotly.js vX.Y.Z' header)", file=sys.stderr)
        return 1
    have = m.group(1)
    problems = []
    plotly_count = 0

    def plotly(match):
        nonlocal plotly_count
        version = match.group(2)
        if version != have:
            problems.append(f"the page inlines plotly.js v{version}, the shared copy is v{have}")
            return match.group(0)
        plotly_count += 1
        name = f"plotly-{version}.min.js"
        target = os.path.join(assets_dir, name)
        if not os.path.exists(target):
            shutil.copyfile(plotly_min, target)
        return f'<script src="{rel}/{name}"></script>'

    text = INLINE_PLOTLY.sub(plotly, text)
    css_count = 0

    def style(match):
        nonlocal css_count
        attrs, body = match.group(1), match.group(2)
        if len(body) < SHARED_CSS_MIN:
            return match.group(0)
        if re.search(r"url\(\s*(?!['\"]?(?:data:|https?:|#))", body):
            return match.group(0)      # relative url(): would resolve against assets/, keep it inline
        name = "style-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:12] + ".css"
        target = os.path.join(assets_dir, name)
        if not os.path.exists(target):
            with open(target, "w", encoding="utf-8") as f:
                f.write(body)
        css_count += 1
        media = re.search(r'media="[^"]*"', attrs)
        return f'<link rel="stylesheet" href="{rel}/{name}"' + (f" {media.group(0)}" if media else "") + ">"

    text = INLINE_STYLE.sub(style, text)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    tmp = page + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, page)
    print(f"plotly.js: {plotly_count} inlined copy replaced, CSS: {css_count} block(s) shared")
    return 0


FIGURE_TOP_ATTR = "data-uhop-first-figure-top"
PROBE_SCRIPT = """<script>/* check-render.sh: where is the first drawn figure (for the gallery's thumbnail) */
(function () {
  function note() {
    var svg = document.querySelector('.%s svg.main-svg');
    if (svg) {
      var top = svg.getBoundingClientRect().top + window.scrollY;
      document.documentElement.setAttribute('%s', String(Math.round(top)));
    }
  }
  window.addEventListener('load', note);
  setInterval(note, 200);
})();
</script>""" % (FIGURE_CLASS, FIGURE_TOP_ATTR)


def probe(page, out):
    text = open(page, encoding="utf-8").read()
    at = text.rfind("</body>")
    if at < 0:
        at = len(text)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text[:at] + PROBE_SCRIPT + text[at:])
    return 0


def figure_top(dom):
    m = re.search(FIGURE_TOP_ATTR + r'="(\d+)"', open(dom, encoding="utf-8", errors="replace").read(4000))
    if m:
        print(m.group(1))
    return 0


def record_run(runs, name, seconds):
    data = {}
    if os.path.exists(runs):
        data = json.load(open(runs, encoding="utf-8"))
    data[name] = {"seconds": float(seconds)}
    tmp = runs + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(tmp, runs)
    return 0


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _inline_markdown(text):
    """The little markdown a one-line summary uses: `code`, **bold**, *em*; everything else escaped."""
    out = _escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", out)
    return re.sub(r"(?<![*\w])\*([^*]+)\*(?![*\w])", r"<em>\1</em>", out)


def _untex(text):
    """Titles and summaries are plain text in the gallery: $O(1/N)$ -> O(1/N)."""
    return re.sub(r"\$([^$]+)\$", r"\1", text)


def _readme_lines(root):
    """The one-liners of the README's notebook table: | `00-quickstart` | what it shows |."""
    lines = {}
    path = os.path.join(root, "README.md")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            m = re.match(r"\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$", line)
            if m:
                lines[m.group(1)] = m.group(2)
    return lines


def _notebook_text(path):
    nb = json.load(open(path, encoding="utf-8"))
    title, intro = None, None
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = "".join(cell.get("source", []))
        for para in re.split(r"\n\s*\n", src):
            para = para.strip()
            if not para:
                continue
            if title is None and para.startswith("#"):
                first, _, rest = para.partition("\n")
                title = first.lstrip("#").strip()
                para = rest.strip()
                if not para:
                    continue
            if intro is None and not para.startswith(("#", "|", "-", "```")):
                intro = re.split(r"(?<=[.:])\s", " ".join(para.split()), maxsplit=1)[0]
        if title and intro:
            break
    return title, intro


THUMB_SIZE = (360, 300)          # px; cut from 960 x 800 px of the render check's screenshot
THUMB_CROP_WIDTH = 960


def _thumbnail(shot, thumb, top):
    """The part of the screenshot around the first figure (the page's top when it has none drawn)."""
    from PIL import Image          # Debian's python3-pil (setup.sh installs it)
    with Image.open(shot) as im:
        w = min(im.width, THUMB_CROP_WIDTH)
        h = int(w * THUMB_SIZE[1] / THUMB_SIZE[0])
        y = max(0, min(top - 60, im.height - h)) if top is not None else 0
        box = (0, y, w, min(im.height, y + h))
        part = im.crop(box).convert("RGB")
        part.thumbnail(THUMB_SIZE, Image.LANCZOS)
        tmp = thumb + ".tmp.png"
        part.save(tmp, "PNG", optimize=True)
        os.replace(tmp, thumb)


def gallery(root, build):
    html_dir = os.path.join(build, "html")
    os.makedirs(os.path.join(html_dir, "thumbs"), exist_ok=True)
    runs_path = os.path.join(build, "logs", "notebook-runs.json")
    runs = json.load(open(runs_path, encoding="utf-8")) if os.path.exists(runs_path) else {}
    readme = _readme_lines(root)
    nb_dir = os.path.join(root, "notebooks")
    cards, missing = [], []
    for fname in sorted(os.listdir(nb_dir)):
        if not fname.endswith(".ipynb"):
            continue
        name = fname[:-len(".ipynb")]
        title, intro = _notebook_text(os.path.join(nb_dir, fname))
        title = _untex(title or name)
        line = _untex(readme.get(name) or intro or "")
        page = os.path.join(html_dir, name + ".html")
        shot = os.path.join(build, "screenshots", name + ".png")
        thumb = os.path.join(html_dir, "thumbs", name + ".png")
        has_page = os.path.exists(page)
        if has_page and os.path.exists(shot) and os.path.getmtime(shot) >= os.path.getmtime(page):
            if not os.path.exists(thumb) or os.path.getmtime(thumb) < os.path.getmtime(shot):
                top_file = shot[:-len(".png")] + ".figure-top"
                top = open(top_file).read().strip() if os.path.exists(top_file) else ""
                _thumbnail(shot, thumb, int(top) if top.isdigit() else None)
        elif os.path.exists(thumb):
            os.remove(thumb)         # from an older page
        run = runs.get(name)
        when = f"ran in {run['seconds']:.0f} s" if has_page and run else "not executed yet"
        if not has_page:
            missing.append(name)
        img = (f'<img src="thumbs/{name}.png" width="{THUMB_SIZE[0]}" alt="{_escape(title)}" loading="lazy">'
               if os.path.exists(thumb) else '<div class="nothumb">no screenshot yet</div>')
        link = (lambda inner: f'<a href="{name}.html">{inner}</a>') if has_page else (lambda inner: inner)
        cards.append(f"""<li class="card" data-notebook="{name}">
  {link(img)}
  <h2>{link(_escape(title))}</h2>
  <p class="line">{_inline_markdown(line)}</p>
  <p class="meta"><code>notebooks/{fname}</code> &middot; <span class="time">{when}</span></p>
</li>""")
    total = sum(r["seconds"] for n, r in runs.items() if os.path.exists(os.path.join(html_dir, n + ".html")))
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>uhop-kit notebooks</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1200px;
       padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }}
.intro {{ color: #444; max-width: 60rem; }}
ul.gallery {{ list-style: none; padding: 0; display: grid; gap: 1.2rem;
              grid-template-columns: repeat(auto-fill, minmax({THUMB_SIZE[0]}px, 1fr)); }}
.card {{ border: 1px solid #ddd; border-radius: 6px; padding: .8rem; background: #fff; }}
.card img, .nothumb {{ display: block; width: 100%; max-width: {THUMB_SIZE[0]}px; aspect-ratio: {THUMB_SIZE[0]} / {THUMB_SIZE[1]};
       object-fit: cover; object-position: top; border: 1px solid #eee; }}
.nothumb {{ background: #f4f4f4; color: #888; display: flex; align-items: center; justify-content: center; }}
.card h2 {{ font-size: 1.05rem; margin: .6rem 0 .3rem; }}
.card a {{ color: #1a56a8; text-decoration: none; }}
.card a:hover {{ text-decoration: underline; }}
.line {{ margin: .2rem 0; font-size: .93rem; }}
.meta {{ color: #666; font-size: .82rem; margin: .4rem 0 0; }}
code {{ font-size: .9em; }}
</style></head>
<body>
<h1>uhop-kit: the notebooks, executed</h1>
<p class="intro">U-Hop (<em>Uniform Memory Retrieval with Larger Capacity for Modern Hopfield Models</em>, ICML 2024)
reproduced with the Java kit. Each page below is a notebook executed headlessly by
<code>environment/run-notebooks.sh</code>, with its outputs; the pages work offline and share one copy of
plotly.js and MathJax in <code>assets/</code>. {len(cards) - len(missing)} of {len(cards)} notebooks executed,
{total:.0f} s in all.</p>
<ul class="gallery">
{chr(10).join(cards)}
</ul>
</body></html>
"""
    tmp = os.path.join(html_dir, "index.html.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(doc)
    os.replace(tmp, os.path.join(html_dir, "index.html"))
    print(f"{len(cards) - len(missing)}/{len(cards)}")
    return 0


class LinkScan(HTMLParser):
    """Every src/href of a page, and the gallery's cards."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.cards = {}
        self._card = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if a.get(key):
                self.links.append((tag, a[key]))
                if self._card is not None:
                    self.cards[self._card][key].append(a[key])
        if a.get("data-notebook"):
            self._card = a["data-notebook"]
            self.cards[self._card] = {"src": [], "href": [], "text": ""}
        if self._card is not None and "time" in (a.get("class") or "").split():
            self.cards[self._card]["time_tag"] = True

    def handle_endtag(self, tag):
        if tag == "li":
            self._card = None

    def handle_data(self, data):
        if self._card is not None:
            self.cards[self._card]["text"] += data


def _unresolved(base_dir, html_dir, links):
    bad = []
    for tag, link in links:
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", link, re.I):
            if link.startswith(("http:", "https:", "//", "file:")):
                bad.append(f"{link} (not a relative link: the pages must work offline and moved)")
            continue
        path = link.split("#", 1)[0].split("?", 1)[0]
        if not path:
            continue
        target = os.path.normpath(os.path.join(base_dir, path))
        if not (target + os.sep).startswith(os.path.normpath(html_dir) + os.sep):
            bad.append(f"{link} (outside build/html)")
        elif not os.path.isfile(target):
            bad.append(f"{link} (no such file)")
    return bad


def _size_part(rel):
    parts = rel.split(os.sep)
    if len(parts) == 1:
        return "pages"
    if parts[0] == "assets":
        if len(parts) > 2:
            return parts[1]
        if parts[1].startswith("plotly"):
            return "plotly.js"
        return "CSS" if parts[1].endswith(".css") else "require.js"
    return parts[0]


def gallery_check(root, build):
    html_dir = os.path.join(build, "html")
    index = os.path.join(html_dir, "index.html")
    problems = []
    if not os.path.exists(index):
        print(f"no gallery: {index} is missing")
        return 1
    scan = LinkScan()
    scan.feed(open(index, encoding="utf-8").read())
    problems += [f"index.html: {b}" for b in _unresolved(html_dir, html_dir, scan.links)]
    names = sorted(f[:-6] for f in os.listdir(os.path.join(root, "notebooks")) if f.endswith(".ipynb"))
    for name in names:
        card = scan.cards.get(name)
        if card is None:
            problems.append(f"{name}: not in the gallery")
            continue
        if f"{name}.html" not in card["href"]:
            problems.append(f"{name}: no link to {name}.html")
        if f"thumbs/{name}.png" not in card["src"]:
            problems.append(f"{name}: no thumbnail")
        if not re.search(r"ran in \d+ s", card["text"]):
            problems.append(f"{name}: no run time")
        if len(" ".join(card["text"].split())) < 40:
            problems.append(f"{name}: no title and summary line")
    extra = sorted(set(scan.cards) - set(names))
    if extra:
        problems.append("cards for notebooks that do not exist: " + ", ".join(extra))
    pages = sorted(f for f in os.listdir(html_dir) if f.endswith(".html") and f != "index.html")
    for page in pages:
        ps = LinkScan()
        ps.feed(open(os.path.join(html_dir, page), encoding="utf-8", errors="replace").read())
        problems += [f"{page}: {b}" for b in _unresolved(html_dir, html_dir, ps.links)][:10]
        if page[:-5] not in names:
            problems.append(f"{page}: a page without a notebook (left over?)")
    sizes = {}
    total = 0
    for dirpath, _, files in os.walk(html_dir):
        for f in files:
            size = os.path.getsize(os.path.join(dirpath, f))
            total += size
            part = _size_part(os.path.relpath(os.path.join(dirpath, f), html_dir))
            sizes[part] = sizes.get(part, 0) + size
    mb = lambda b: f"{b / 1e6:.1f} MB"
    print(f"build/html: {len(pages)} pages + index.html, {mb(total)} in all ("
          + ", ".join(f"{k} {mb(v)}" for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])) + ")")
    for p in problems:
        print("PROBLEM: " + p)
    return 1 if problems else 0


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


MARKDOWN_CHUNK = re.compile(r'jp-MarkdownOutput"[^>]*>(.*?)(?=<div[^>]*class="jp-Cell\b|</body>)', re.S)
TEX = re.compile(r"\$[^$<\n]+\$|\\\(|\\\[")


def has_math(source):
    """True when a markdown cell of the exported page holds a formula ($...$, \\( or \\[)."""
    return any(TEX.search(chunk) for chunk in MARKDOWN_CHUNK.findall(source))


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
    source = open(page, encoding="utf-8", errors="replace").read()
    result = {
        "has_math": has_math(source),
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
    dom_text = open(dom, encoding="utf-8", errors="replace").read()
    tex = len(re.findall(r'<script type="math/tex', dom_text))
    typeset = len(re.findall(r'class="MathJax"', dom_text))
    if info.get("has_math"):
        if tex == 0:
            problems.append("formulas not typeset: the markdown has $...$ but MathJax did not run (not loaded?)")
        elif typeset < tex:
            problems.append(f"MathJax typeset {typeset} of {tex} formulas")
    if "Math Processing Error" in dom_text:
        problems.append("MathJax reports 'Math Processing Error'")
    if info["duplicate_ids"]:
        problems.append("duplicate figure ids (Plotly draws only the first): " + ", ".join(info["duplicate_ids"]))
    print(f"{len(figures) - len(bad)}/{len(figures)} figures rendered, {typeset}/{tex} formulas typeset")
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
    if cmd == "probe":
        return probe(args[0], args[1])
    if cmd == "figure-top":
        return figure_top(args[0])
    if cmd == "record-run":
        return record_run(args[0], args[1], args[2])
    if cmd == "gallery":
        return gallery(args[0], args[1])
    if cmd == "gallery-check":
        return gallery_check(args[0], args[1])
    if cmd == "share-assets":
        return share_assets(args[0], args[1], args[2])
    if cmd == "counts":
        return counts(args[0])
    if cmd == "verify":
        return verify(args[0], args[1])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
