"""What tests/browser/test_xss_fields.py needs to put hostile text in front of Chromium.

- `load_payloads` reads the corpus (tests/digest/data/xss_payloads.txt, the format described
  in tests/digest/test_xss_corpus.py).
- `Packer` frames payloads with markers and packs as many as a field holds into one value.
- `TRAP_SCRIPT` runs before any script of every page (Playwright's init script) and records
  every call of alert/confirm/prompt/print, eval, Function, string timers, document.write,
  and of the global marker functions some payloads call (`xss()`, `window.xssMarker = …`).
- `SCAN_SCRIPT` reads the DOM as Chromium built it: the page's active markup (event-handler,
  htmx and style attributes, script-ish URLs, elements that load or run something), and
  everything inside each region that user text produced (between a begin and an end marker).
- `Visitor` opens pages as one person (a browser context with their session cookie) and
  collects what each visit showed.
"""

import dataclasses
import re
import time
from pathlib import Path

# Requests pages of the site make by themselves besides static files: the admin's catalogue.
OWN_REQUESTS = frozenset({"/admin/jsi18n/"})
PAYLOAD_FILE = Path(__file__).resolve().parents[1] / "digest" / "data" / "xss_payloads.txt"
_ESCAPE = re.compile(r"\\(n|t|r|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")

# Markers are "qxb" + tag + "qx" (begin) and "qxe" + tag + "qx" (end). A tag is a field code
# and a number, both written in letters other than q and x: a tag never contains "qx", and
# without digits a marker is not a model name that the automatic checks would quote.
TAG_LETTERS = "abcdefghijklmnoprstuvwyz"


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    return {"n": "\n", "t": "\t", "r": "\r"}.get(code) or chr(int(code[1:], 16))


def load_payloads(path: Path = PAYLOAD_FILE) -> list[str]:
    payloads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        if line.startswith("esc:"):
            line = _ESCAPE.sub(_unescape, line[4:])
        payloads.append(line)
    return payloads


def begin(tag: str) -> str:
    return f"qxb{tag}qx"


def end(tag: str) -> str:
    return f"qxe{tag}qx"


@dataclasses.dataclass
class Chunk:
    """One value written into a field: payloads (by corpus index) between two markers."""

    tag: str
    text: str
    indices: list[int]


class Packer:
    """Packs the corpus into values of at most `capacity` characters.

    Each value is `begin(tag) sep payload sep payload … sep end(tag)`; with `closed=False`
    only the begin marker is written (for short fields such as names, where the end marker
    would leave no room). A payload that does not fit even alone is left out and counted by
    the caller as too long for the field.
    """

    def __init__(self, code: str, payloads: list[str]):
        assert re.fullmatch(f"[{TAG_LETTERS}]{{1,3}}", code), code
        self.code = code
        self.payloads = payloads
        self.count = 0

    def tag(self) -> str:
        number, letters = self.count, ""
        self.count += 1
        for _ in range(3):
            number, digit = divmod(number, len(TAG_LETTERS))
            letters = TAG_LETTERS[digit] + letters
        assert number == 0, "too many values for one field"
        return f"{self.code}{letters}"

    def frame(self, items: list[tuple[int, str]], *, sep: str, closed: bool = True) -> Chunk:
        tag = self.tag()
        parts = [begin(tag), *(payload for _, payload in items)]
        if closed:
            parts.append(end(tag))
        return Chunk(tag, sep.join(parts), [index for index, _ in items])

    def pack(
        self, capacity: int, *, sep: str = "\n\n", closed: bool = True, limit: int | None = None
    ) -> tuple[list[Chunk], list[int]]:
        """(chunks, indices of payloads too long to fit a value on their own)."""
        marker = len(begin(f"{self.code}aaa"))
        overhead = marker * (2 if closed else 1) + 2 * len(sep)
        chunks: list[Chunk] = []
        too_long: list[int] = []
        current: list[tuple[int, str]] = []
        size = overhead
        for index, payload in enumerate(self.payloads):
            if overhead + len(payload) > capacity:
                too_long.append(index)
                continue
            if current and (size + len(payload) + len(sep) > capacity or len(current) == limit):
                chunks.append(self.frame(current, sep=sep, closed=closed))
                current, size = [], overhead
            current.append((index, payload))
            size += len(payload) + len(sep)
        if current:
            chunks.append(self.frame(current, sep=sep, closed=closed))
        return chunks, too_long

    def halves(self, chunk: Chunk, *, sep: str, closed: bool = True) -> list[Chunk]:
        """The payloads of a refused chunk in two values, to find the refused ones in a few
        writes rather than one write per payload."""
        middle = len(chunk.indices) // 2
        return [
            self.frame([(index, self.payloads[index]) for index in part], sep=sep, closed=closed)
            for part in (chunk.indices[:middle], chunk.indices[middle:])
        ]


# --- in the browser ---------------------------------------------------------------------

TRAP_SCRIPT = r"""
(() => {
  if (Object.prototype.hasOwnProperty.call(window, "__xssHits")) return;
  const hits = [];
  Object.defineProperty(window, "__xssHits", { value: hits });
  const note = (kind, value) => {
    let text = "";
    try { text = String(value); } catch (error) { text = "(unprintable)"; }
    const hit = `${kind}(${text.slice(0, 100)})`;
    hits.push(hit);
    // Told to the test at once as well: a payload that navigates away takes `hits` with it.
    try { window.__xssReport(hit); } catch (error) { /* the binding is missing: hits stay */ }
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = function (value) {
      note(name, value);
      return name === "confirm" ? false : null;
    };
  }
  // Playwright's own evaluations (page.evaluate) go through eval from its UtilityScript;
  // they pass, everything else is noted and not run.
  const fromPlaywright = () => /\bUtilityScript\./.test(new Error().stack || "");
  const nativeEval = window.eval;
  window.eval = function (code) {
    if (fromPlaywright()) return nativeEval(code);
    note("eval", code);
  };
  const NativeFunction = Function;
  const trappedFunction = new Proxy(NativeFunction, {
    apply(target, self, args) {
      if (fromPlaywright()) return Reflect.apply(target, self, args);
      note("Function", args.join(","));
      return () => undefined;
    },
    construct(target, args) {
      if (fromPlaywright()) return Reflect.construct(target, args);
      note("new Function", args.join(","));
      return () => undefined;
    },
  });
  window.Function = trappedFunction;
  NativeFunction.prototype.constructor = trappedFunction;
  for (const name of ["setTimeout", "setInterval"]) {
    const native = window[name];
    window[name] = function (handler, ...rest) {
      if (typeof handler !== "function") { note(name, handler); return 0; }
      return native.call(this, handler, ...rest);
    };
  }
  for (const name of ["write", "writeln"]) {
    Document.prototype[name] = function (...parts) { note(`document.${name}`, parts.join("")); };
  }
  window.xss = function (value) { note("xss", value); };
  Object.defineProperty(window, "xssMarker", {
    configurable: false,
    get() { return undefined; },
    set(value) { note("xssMarker", value); },
  });
})();
"""

SCAN_SCRIPT = r"""
async () => {
  // Load-time triggers (htmx "load", the onerror of a broken image) have run by the load
  // event; two frames more let whatever they started show.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster",
    "background", "data", "lowsrc", "dynsrc", "srcdoc", "ping", "codebase", "cite", "srcset",
    "manifest", "icon", "longdesc", "usemap", "content"]);
  // Elements that load, run or restyle something; the templates' own are in the baseline.
  const ACTIVE = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "applet",
    "base", "meta", "link", "style", "svg", "math", "img", "image", "video", "audio", "source",
    "portal", "animate", "set", "use", "foreignobject", "xss", "layer", "ilayer", "bgsound",
    "marquee", "template", "noembed", "noframes"]);
  // Form controls: the templates put them beside user text (after a name, in the same
  // paragraph), so inside a region that has no end marker only the ones above count.
  const CONTROLS = new Set(["form", "input", "button", "isindex", "select", "textarea"]);
  // What the sanitizer and the templates may put inside a region of user text.
  const REGION_TAGS = new Set(["p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul",
    "ol", "li", "hr", "s", "span", "ins", "del", "mark"]);
  const REGION_ATTRIBUTES = {a: new Set(["href", "rel", "title"]), ol: new Set(["start"]),
    span: new Set(["class", "lang"])};
  const NOISE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g;
  const dangerousUrl = (value) => /^(javascript|vbscript|data|livescript|mocha):/.test(
    value.replace(NOISE, "").toLowerCase());
  const normal = (value) => value
    .replace(/xss(?:-[a-z0-9]+)+/g, "SLUG")
    .replace(/[A-Za-z0-9_\-]{20,}/g, "TOKEN")
    .replace(/\d+/g, "#")
    .slice(0, 200);
  const attributeProblems = (element) => {
    const problems = [];
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value;
      if (name.startsWith("on")) problems.push(["event handler", name, value]);
      if (name.startsWith("hx-") || name.startsWith("data-hx-")) {
        problems.push(["htmx", name, value]);
      }
      if (name === "style") problems.push(["style", name, value]);
      if ((URL_ATTRIBUTES.has(name) || name.endsWith(":href")) && dangerousUrl(value)) {
        problems.push(["script URL", name, value]);
      }
      if (name === "srcset" && /(javascript|vbscript|data):/i.test(value.replace(NOISE, ""))) {
        problems.push(["script URL", name, value]);
      }
    }
    return problems;
  };
  const tagOf = (element) => element.localName.toLowerCase();
  // The item of a list or table that holds a value. A begin and an end marker in different
  // items are pieces of a value quoted twice (an automatic check quotes single words), not
  // one value, and do not make a region.
  const ITEMS = new Set(["li", "tr", "td", "th", "dd", "dt"]);
  const itemOf = (node) => {
    for (let element = node.parentElement; element; element = element.parentElement) {
      if (ITEMS.has(tagOf(element))) return element;
    }
    return document.documentElement;
  };

  const nodes = [];
  const walker = document.createTreeWalker(document.documentElement,
    NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.currentNode; node; node = walker.nextNode()) nodes.push(node);

  // 1. The page's active markup, normalised, to compare with pages of harmless text.
  const findings = new Set();
  for (const node of nodes) {
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = tagOf(node);
    // A declarative shadow root (<template shadowrootmode>) hides its content from the walk.
    if (node.shadowRoot) findings.add(`shadow root | <${tag}>`);
    for (const [kind, name, value] of attributeProblems(node)) {
      findings.add(`${kind} | <${tag}> ${name}=${normal(value)}`);
    }
    if (ACTIVE.has(tag) || CONTROLS.has(tag)) {
      // What the element is and what it loads or runs, not the text it carries (a
      // description <meta> holds a digest's introduction, escaped).
      const names = tag === "meta"
        ? ["name", "property", "http-equiv", "charset",
          ...(node.hasAttribute("http-equiv") ? ["content"] : [])]
        : ["src", "href", "type", "rel", "action", "method", "data", "formaction"];
      const keep = names
        .filter((name) => node.hasAttribute(name))
        .map((name) => `${name}=${normal(node.getAttribute(name).split("?")[0])}`);
      findings.add(`element | <${tag}> ${keep.join(" ")}`);
    }
  }

  // 2. Regions of user text, between the markers.
  const marker = /qx([be])([a-pr-wyz]{3,6})qx/g;
  const marks = [];
  nodes.forEach((node, index) => {
    if (node.nodeType !== Node.TEXT_NODE || !node.data.includes("qx")) return;
    for (const match of node.data.matchAll(marker)) {
      marks.push({index, offset: match.index, kind: match[1], tag: match[2]});
    }
  });
  const regionProblems = [];
  const unterminated = [];
  let regions = 0;
  marks.forEach((mark, position) => {
    if (mark.kind !== "b") return;
    regions += 1;
    const node = nodes[mark.index];
    const parent = node.parentElement;
    if (parent && ["script", "style"].includes(tagOf(parent))) {
      regionProblems.push(`${mark.tag}: user text inside <${tagOf(parent)}>`);
    }
    let stop = -1;
    for (const later of marks.slice(position + 1)) {
      if (later.tag !== mark.tag) continue;
      if (later.kind === "e") stop = later.index;
      break;
    }
    const closed = stop >= 0 && itemOf(node).contains(nodes[stop]);
    if (!closed) unterminated.push(mark.tag);
    for (let index = mark.index + 1; index < nodes.length; index += 1) {
      if (closed && index >= stop) break;
      const inside = nodes[index];
      if (!closed && !(parent && parent.contains(inside))) break;
      if (inside.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = tagOf(inside);
      for (const [kind, name, value] of attributeProblems(inside)) {
        const shown = JSON.stringify(value.slice(0, 80));
        regionProblems.push(`${mark.tag}: ${kind} ${name}=${shown} on <${tag}>`);
      }
      if (ACTIVE.has(tag) || (closed && !REGION_TAGS.has(tag))) {
        // (closed regions: anything the sanitizer does not make, controls included)
        regionProblems.push(`${mark.tag}: <${tag}> element`);
      } else if (closed) {
        const allowed = REGION_ATTRIBUTES[tag] || new Set();
        for (const attribute of inside.attributes) {
          if (!allowed.has(attribute.name.toLowerCase())) {
            regionProblems.push(`${mark.tag}: attribute ${attribute.name} on <${tag}>`);
          }
        }
      }
    }
  });

  // 3. Which values the page shows at all (in text or in attributes).
  const seen = new Set();
  for (const match of document.documentElement.outerHTML.matchAll(/qxb([a-pr-wyz]{3,6})qx/g)) {
    seen.add(match[1]);
  }
  return {
    findings: [...findings],
    regionProblems,
    regions,
    unterminated,
    seen: [...seen],
    hits: [...(window.__xssHits || ["trap missing"])],
    frames: window.frames.length,
    url: location.href,
  };
}
"""


@dataclasses.dataclass
class Visit:
    """What one page load showed."""

    name: str
    url: str
    findings: set[str]
    region_problems: list[str]
    regions: int
    seen: set[str]
    events: list[str]


class Visitor:
    """One person's browser context; `visit` loads a page and scans it."""

    seconds = 0.0  # time spent loading and scanning pages, all visitors together

    def __init__(self, browser, base_url: str, *, name: str, cookies: list[dict], timeout: int):
        self.name = name
        self.base_url = base_url
        # The page's own Content-Security-Policy would stop most injected scripts before they
        # ran; it is bypassed so that what is measured is the escaping alone.
        self.context = browser.new_context(locale="ko-KR", bypass_csp=True)
        self.context.set_default_timeout(timeout)
        if cookies:
            self.context.add_cookies(cookies)
        self.context.expose_binding("__xssReport", self._report)
        self.context.add_init_script(TRAP_SCRIPT)
        self.page = self.context.new_page()
        self.events: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.events.append(f"page error: {error}"))
        self.page.on("request", self._request)
        self.page.on("framenavigated", self._navigated)
        self.expected_url = ""
        # Paths of requests a deliberate action (a click) makes; any other request is noted.
        self.allow: set[str] = set()
        self.status = 200

    def sign_in(self, *, name: str, cookies: list[dict]) -> "Visitor":
        """Be someone else in the same context (its cache stays warm)."""
        self.name = name
        self.context.clear_cookies()
        if cookies:
            self.context.add_cookies(cookies)
        return self

    def _report(self, source, hit: str) -> None:
        self.events.append(f"trap: {hit}")

    def _dialog(self, dialog) -> None:
        self.events.append(f"dialog {dialog.type}: {dialog.message[:80]}")
        dialog.dismiss()

    def _request(self, request) -> None:
        url = request.url
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            if url.split("#")[0] != self.expected_url.split("#")[0]:
                self.events.append(f"navigation to {url[:120]}")
            return
        path = url[len(self.base_url) :].split("?")[0] if url.startswith(self.base_url) else ""
        if path in self.allow or path in OWN_REQUESTS:
            return
        if not url.startswith(self.base_url):
            self.events.append(f"request off the site: {url[:120]}")
        elif request.headers.get("hx-request"):
            self.events.append(f"htmx request: {request.method} {url[len(self.base_url) :]}")
        elif not url.startswith(f"{self.base_url}/static/") and not url.endswith("/favicon.ico"):
            self.events.append(f"request: {request.resource_type} {url[len(self.base_url) :]}")

    def _navigated(self, frame) -> None:
        if frame != self.page.main_frame:
            self.events.append(f"frame loaded: {frame.url[:120]}")

    def visit(self, name: str, path: str) -> Visit:
        started = time.monotonic()
        try:
            return self._visit(name, path)
        finally:
            Visitor.seconds += time.monotonic() - started

    def _visit(self, name: str, path: str) -> Visit:
        self.events = []
        self.expected_url = f"{self.base_url}{path}"
        response = self.page.goto(self.expected_url, wait_until="load")
        self.status = response.status if response else 0
        return self.scan(name)

    def show(self, name: str, html: str) -> Visit:
        """Scan HTML that is not a page of the site (an email), as a mail reader shows it."""
        self.events = []
        self.expected_url = "about:blank"
        self.page.set_content(html, wait_until="load")
        self.status = 200
        return self.scan(name, url="email")

    def settle_htmx(self) -> None:
        self.page.wait_for_function(
            "() => !window.htmx"
            " || !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
        )

    def scan(self, name: str, *, url: str = "") -> Visit:
        """What the page shows now (after `visit`, or after clicking on it)."""
        url = url or self.expected_url
        status = self.status
        result = self.page.evaluate(SCAN_SCRIPT)
        events = list(self.events)
        if status != 200:
            events.append(f"status {status}")
        events += [f"trap: {hit}" for hit in result["hits"] if f"trap: {hit}" not in events]
        if result["frames"]:
            events.append(f"{result['frames']} frame(s) in the page")
        if result["url"].split("#")[0] != url.split("#")[0] and url != "email":
            events.append(f"page is now at {result['url'][:120]}")
        return Visit(
            name=f"{self.name}: {name}",
            url=url,
            findings=set(result["findings"]),
            region_problems=result["regionProblems"],
            regions=result["regions"],
            seen=set(result["seen"]),
            events=events,
        )

    def next_page(self) -> str | None:
        """The address of the next page of the main list, if the page has one."""
        link = self.page.locator("main nav.pagination a[rel=next]").first
        if link.count() == 0:
            return None
        href = link.evaluate("a => a.href")
        return href[len(self.base_url) :] if href.startswith(self.base_url) else None

    def close(self) -> None:
        self.context.close()
