// Reading comforts, all in the reader's own browser (pages are shared through the cache, so
// nothing here may come from the server per reader):
// - each Korean sentence is linked with its English original: hovering, focusing or tapping
//   one highlights both (without JavaScript the side-by-side layout shows the same pairing);
// - a sentence opened by its link (#seg-N) is highlighted with its English;
// - "copy link to this sentence" beside the sentence under the mouse, or on any
//   [data-seg-share="<segment id>"] button;
// - the reading layout picked in the layout switch is remembered (static/js/layout.js);
// - the "highlight unchecked sentences" choice is remembered too;
// - the digest's table of contents is open beside the text on wide screens, folds away on
//   phones once an entry is picked, and marks the entry being read.
(function () {
  "use strict";

  var LAYOUT_KEY = "gyojeong.layout";

  function partners(element) {
    var scope = element.closest(".entry") || document;
    return scope.querySelectorAll('[data-seg="' + element.dataset.seg + '"]');
  }

  function setClass(element, name, on) {
    partners(element).forEach(function (node) {
      node.classList.toggle(name, on);
    });
  }

  function segmentOf(event) {
    var target = event.target;
    if (!(target instanceof Element) || target.closest(".seg-share")) return null;
    return target.closest("[data-seg]");
  }

  // --- Sentence links and "copy link" ----------------------------------------------------

  var share = null;
  var hideTimer = null;
  var offerTimer = null;

  function shareButton() {
    if (share) return share;
    var template = document.getElementById("seg-share-template");
    if (!template) return null;
    share = template.content.firstElementChild.cloneNode(true);
    share.dataset.label = share.textContent;
    share.addEventListener("mouseenter", keepShare);
    share.addEventListener("mouseleave", hideShareSoon);
    return share;
  }

  function sentenceUrl(id) {
    return window.location.origin + window.location.pathname + "#seg-" + id;
  }

  // For the mouse: the button appears after the sentence's marker, out of the flow
  // (site.css), so showing it never moves the text. It is no tab stop, as the marker is each
  // sentence's only one; keyboard and touch readers copy the link from the correction panel
  // (any [data-seg-share] button).
  function offerShare(seg) {
    var button = shareButton();
    var scope = seg.closest(".entry");
    if (!button || !scope) return;
    var id = seg.dataset.seg;
    var after =
      scope.querySelector('.seg-finding[data-seg="' + id + '"]') ||
      scope.querySelector('.seg-marker[data-seg="' + id + '"]');
    if (!after) return;
    keepShare();
    if (button.dataset.segShare === id && after.nextSibling === button) return;
    button.dataset.segShare = id;
    button.textContent = button.dataset.label;
    button.style.marginLeft = "";
    after.after(button);
    // Keep it on the screen when the sentence ends near the right edge.
    var overflow = button.getBoundingClientRect().right - document.documentElement.clientWidth;
    if (overflow > 0) button.style.marginLeft = -(overflow + 8) + "px";
  }

  function keepShare() {
    window.clearTimeout(hideTimer);
  }

  function hideShareSoon() {
    keepShare();
    hideTimer = window.setTimeout(function () {
      if (share) share.remove();
    }, 700);
  }

  function copied(button, ok) {
    button.textContent = ok ? button.dataset.copied : button.dataset.fallback;
    window.setTimeout(function () {
      if (button.dataset.label) button.textContent = button.dataset.label;
    }, 2500);
  }

  function copyLink(button) {
    var id = button.dataset.segShare;
    var url = sentenceUrl(id);
    function fallback() {
      // Without clipboard access the address bar holds the link, ready to copy.
      window.history.replaceState(null, "", "#seg-" + id);
      markTarget();
      copied(button, false);
    }
    if (!navigator.clipboard || !window.isSecureContext) return fallback();
    navigator.clipboard.writeText(url).then(function () {
      copied(button, true);
    }, fallback);
  }

  var target = null;

  function markTarget() {
    if (target) setClass(target, "is-target", false);
    target = null;
    var match = /^#seg-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    target = document.getElementById("seg-" + match[1]);
    if (target) setClass(target, "is-target", true);
  }

  document.addEventListener("mouseover", function (event) {
    var seg = segmentOf(event);
    if (!seg) return;
    setClass(seg, "is-linked", true);
    // Only for a pointer that rests on the sentence: sweeping across the text, or a click
    // straight away, shows nothing.
    window.clearTimeout(offerTimer);
    if (!seg.classList.contains("src")) {
      offerTimer = window.setTimeout(function () {
        offerShare(seg);
      }, 450);
    }
  });
  document.addEventListener("mouseout", function (event) {
    var seg = segmentOf(event);
    if (!seg) return;
    setClass(seg, "is-linked", false);
    window.clearTimeout(offerTimer);
    if (!seg.classList.contains("src")) hideShareSoon();
  });
  document.addEventListener("focusin", function (event) {
    var seg = segmentOf(event);
    if (seg) setClass(seg, "is-linked", true);
  });
  document.addEventListener("focusout", function (event) {
    var seg = segmentOf(event);
    if (seg) setClass(seg, "is-linked", false);
  });
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-seg-share]");
    if (!button) return;
    event.preventDefault();
    if (!button.dataset.copied) {
      // A button elsewhere (the correction panel) borrows this page's words.
      var words = shareButton();
      if (words) {
        button.dataset.copied = words.dataset.copied;
        button.dataset.fallback = words.dataset.fallback;
      }
    }
    copyLink(button);
  });
  window.addEventListener("hashchange", markTarget);

  // --- Remembered layout -------------------------------------------------------------------

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest(".layout-switch a");
    if (!link || !link.dataset.layout) return;
    try {
      window.localStorage.setItem(LAYOUT_KEY, link.dataset.layout);
    } catch (error) {
      // Storage refused: the choice lasts as long as the address that carries it.
    }
  });

  // --- Sentences no person has checked -----------------------------------------------------

  var UNCHECKED_KEY = "gyojeong.showUnchecked";

  function showUnchecked(on) {
    document.documentElement.classList.toggle("show-unchecked", on);
    document.querySelectorAll("[data-unchecked-toggle]").forEach(function (box) {
      box.checked = on;
    });
  }

  document.addEventListener("change", function (event) {
    var box = event.target instanceof Element && event.target.closest("[data-unchecked-toggle]");
    if (!box) return;
    showUnchecked(box.checked);
    try {
      window.localStorage.setItem(UNCHECKED_KEY, box.checked ? "1" : "");
    } catch (error) {
      // Storage refused: the highlight lasts for this page.
    }
  });

  function rememberedUnchecked() {
    try {
      if (window.localStorage.getItem(UNCHECKED_KEY) === "1") showUnchecked(true);
    } catch (error) {
      // Storage refused: nothing remembered.
    }
  }

  // --- Table of contents -------------------------------------------------------------------

  function tableOfContents() {
    var toc = document.querySelector("details.toc");
    if (!toc) return;
    var wide = window.matchMedia("(min-width: 72rem)");
    // Open beside the text on wide screens; folded into the bar on phones, where it would
    // push the entries a screen down. Opening a side column moves no text.
    function fit() {
      toc.open = wide.matches;
    }
    fit();
    wide.addEventListener("change", fit);
    toc.addEventListener("click", function (event) {
      if (!wide.matches && event.target instanceof Element && event.target.closest("a")) {
        toc.open = false;
      }
    });
    if (!("IntersectionObserver" in window)) return;
    var links = {};
    toc.querySelectorAll('a[href^="#entry-"]').forEach(function (link) {
      links[link.getAttribute("href").slice(1)] = link;
    });
    var current = null;
    var observer = new IntersectionObserver(
      function (changes) {
        changes.forEach(function (change) {
          if (!change.isIntersecting) return;
          var link = links[change.target.id];
          if (!link || link === current) return;
          if (current) current.removeAttribute("aria-current");
          link.setAttribute("aria-current", "location");
          current = link;
        });
      },
      // The entry that crosses the upper part of the screen is the one being read.
      { rootMargin: "-15% 0px -75% 0px" }
    );
    document.querySelectorAll("article.entry[id^='entry-']").forEach(function (entry) {
      if (links[entry.id]) observer.observe(entry);
    });
  }

  function ready() {
    markTarget();
    tableOfContents();
    rememberedUnchecked();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
