// The correction panel on the reading page. Everything here is an enhancement: without
// JavaScript each sentence's marker is a plain link to its correction page, whose forms post
// and redirect back. With htmx loaded, the panel opens beside the text (a bottom sheet on
// phones), takes focus, closes with its button or Escape, and gives focus back to where it
// was opened from. Sentences are not tab stops: keyboard users open the panel with the
// sentence's marker link (its data-hx-get), and mouse users by clicking the sentence itself.
(function () {
  "use strict";

  var PANEL_ID = "correction-panel";
  var openedFrom = null; // what gets focus back on close: the marker, or a focusable sentence
  var focusAfterSwap = null; // id of the control to focus again after a swap from inside

  function panel() {
    return document.getElementById(PANEL_ID);
  }

  function isSheet(element) {
    // The reading page's <aside> is a sheet; the correction page embeds the panel in place.
    return element && !element.classList.contains("segment-page");
  }

  function markerFor(seg) {
    var scope = seg.closest(".entry") || document;
    return scope.querySelector('.seg-marker[data-seg="' + seg.dataset.seg + '"]');
  }

  // A sentence is focused again only if it is a tab stop; otherwise (the normal case) its
  // marker link is, which also highlights the sentence and its original again.
  function returnTarget(seg, marker) {
    return seg && seg.tabIndex >= 0 ? seg : marker;
  }

  function openFor(seg) {
    var marker = markerFor(seg);
    if (!marker) return;
    marker.click(); // its click handler below records where focus goes back to
  }

  // The panel must not hide the sentence it is about. On a wide screen it is docked: the page
  // makes room for it (body.has-panel in panel.css). On a phone it is a bottom sheet over up
  // to three quarters of the screen, with a backdrop that closes it; the page gets room below
  // its end, so that even the last sentence can be scrolled above the sheet.
  var WIDE = window.matchMedia("(min-width: 48rem)");
  var GAP = 12; // pixels kept between the sentence and the edges it must clear

  function backdrop() {
    var existing = document.querySelector(".panel-backdrop");
    if (existing) return existing;
    var element = document.createElement("div");
    element.className = "panel-backdrop";
    element.setAttribute("data-panel-backdrop", "");
    element.setAttribute("aria-hidden", "true");
    panel().before(element);
    return element;
  }

  function unmark() {
    document.querySelectorAll(".seg.is-panel-target").forEach(function (seg) {
      seg.classList.remove("is-panel-target");
    });
  }

  function keepSentenceInView(element) {
    var section = element.querySelector("[data-panel-seg]");
    var seg = section && document.getElementById("seg-" + section.dataset.panelSeg);
    document.body.classList.add("has-panel");
    backdrop();
    unmark();
    if (!seg) return;
    seg.classList.add("is-panel-target");
    // Measured after the class above has made room for the panel.
    var rect = seg.getBoundingClientRect();
    if (!WIDE.matches) {
      // A long sentence gets the sheet lowered (to half the screen at least), so that it
      // fits above the sheet whole.
      var room = window.innerHeight - rect.height - 2 * GAP;
      var height = Math.max(window.innerHeight * 0.5, Math.min(room, window.innerHeight * 0.75));
      element.style.maxHeight = Math.round(height) + "px";
    }
    var bottom = WIDE.matches ? window.innerHeight : element.getBoundingClientRect().top;
    if (rect.top >= GAP && rect.bottom <= bottom - GAP) return;
    var top = Math.max(GAP, (bottom - rect.height) / (WIDE.matches ? 3 : 2));
    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.scrollBy({ top: rect.top - top, behavior: still ? "auto" : "smooth" });
  }

  function close() {
    var element = panel();
    if (!element || !isSheet(element) || !element.firstElementChild) return;
    element.innerHTML = "";
    element.classList.remove("is-open");
    element.style.maxHeight = "";
    document.body.classList.remove("has-panel");
    var shade = document.querySelector(".panel-backdrop");
    if (shade) shade.remove();
    unmark();
    var back = openedFrom && document.contains(openedFrom) ? openedFrom : null;
    openedFrom = null;
    if (back) back.focus();
  }

  function selectingText() {
    var selection = window.getSelection ? window.getSelection() : null;
    return selection && !selection.isCollapsed && String(selection).length > 0;
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var fix = target.closest(".finding__fix");
    if (fix) {
      // A mechanical fix from the checks replaces the typed text; the input event runs the
      // preview again, so the member sees the checks on the fixed text.
      var box = document.getElementById(fix.dataset.fixTextarea);
      if (box) {
        box.value = fix.dataset.fix;
        box.dispatchEvent(new Event("input", { bubbles: true }));
        box.focus();
      }
      return;
    }
    if (target.closest("[data-panel-close], [data-panel-backdrop]")) {
      event.preventDefault();
      close();
      return;
    }
    var marker = target.closest(".seg-marker");
    if (marker) {
      var scope = marker.closest(".entry") || document;
      var sentence = scope.querySelector('.seg[data-seg="' + marker.dataset.seg + '"]');
      openedFrom = returnTarget(sentence, marker);
      return;
    }
    var seg = target.closest(".seg");
    // Without htmx the marker link would navigate away; leave plain clicks alone then, and
    // never turn a text selection (to copy, or to mark words) into a click.
    if (seg && window.htmx && !selectingText()) openFor(seg);
  });

  // Enter on a marker is a native link activation, which htmx turns into the panel request.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var element = panel();
    if (element && isSheet(element) && element.firstElementChild) {
      event.preventDefault();
      close();
    }
  });

  // htmx 2 does not swap 4xx responses by default. The correction views answer a refused
  // action with a short message and HX-Retarget pointing at the panel's message area;
  // let those through so the reason is shown (and announced) where the person is working.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var element = panel();
    var active = document.activeElement;
    focusAfterSwap = null;
    if (element && active && active.id && element.contains(active) && element.contains(event.target)) {
      focusAfterSwap = active.id;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var element = panel();
    if (!element) return;
    if (event.detail.target.id === "panel-messages") {
      // A refused action: its reason is announced; make sure it is also in view.
      event.detail.target.scrollIntoView({ block: "nearest" });
      return;
    }
    if (event.detail.target !== element) return;
    if (!element.firstElementChild) return;
    element.classList.add("is-open");
    if (isSheet(element)) keepSentenceInView(element);
    var again = focusAfterSwap && document.getElementById(focusAfterSwap);
    focusAfterSwap = null;
    var heading = document.getElementById("panel-heading");
    if (again) {
      again.focus();
    } else if (heading) {
      // A new sentence, or a write whose form is gone: start from the top, where the
      // heading and any confirmation message are.
      element.scrollTop = 0;
      heading.focus({ preventScroll: true });
    }
  });

  // Marking words for a flag: a selection inside the panel's Korean sentence fills the flag
  // form's hidden span inputs. Offsets count code points, as Python's str does.
  function codePoints(text) {
    return Array.from(text).length;
  }

  function spanFromSelection(sentence) {
    var selection = window.getSelection ? window.getSelection() : null;
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!sentence.contains(range.startContainer) || !sentence.contains(range.endContainer)) {
      return null;
    }
    var before = document.createRange();
    before.selectNodeContents(sentence);
    before.setEnd(range.startContainer, range.startOffset);
    var start = codePoints(before.toString());
    var marked = range.toString();
    var end = start + codePoints(marked);
    return end > start ? { start: start, end: end, text: marked } : null;
  }

  function setSpan(form, span) {
    form.querySelector("[data-span-start]").value = span ? span.start : "";
    form.querySelector("[data-span-end]").value = span ? span.end : "";
    var status = form.querySelector("[data-span-status]");
    if (status) {
      status.hidden = !span;
      form.querySelector("[data-span-text]").textContent = span ? span.text : "";
    }
  }

  function markSelection() {
    var element = panel();
    if (!element) return;
    var sentence = element.querySelector("[data-span-target]");
    var form = element.querySelector("[data-flag-form]");
    if (!sentence || !form) return;
    var span = spanFromSelection(sentence);
    if (span) setSpan(form, span);
  }

  document.addEventListener("mouseup", markSelection);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || event.key === "Shift") markSelection();
  });
  document.addEventListener("touchend", function () {
    window.setTimeout(markSelection, 0);
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var clear = target && target.closest("[data-span-clear]");
    if (clear) setSpan(clear.closest("form"), null);
  });

  function reveal(root) {
    // Hints that only make sense with JavaScript are hidden in the HTML.
    (root || document).querySelectorAll("[data-span-hint]").forEach(function (hint) {
      hint.hidden = false;
    });
  }

  document.addEventListener("htmx:load", function (event) {
    reveal(event.detail.elt);
  });
  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
  });
})();
