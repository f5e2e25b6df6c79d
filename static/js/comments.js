// Comments and likes on the reading pages. Everything here is an enhancement: without
// JavaScript every form posts and the page comes back at the comment, long threads and the
// reply and report boxes are <details>, and only the Markdown preview is missing.
(function () {
  "use strict";

  var PAGE_MESSAGES = "community-messages";

  // Controls that only work with JavaScript (the preview button) are hidden in the HTML.
  function reveal(root) {
    (root || document).querySelectorAll("[data-js-only]").forEach(function (element) {
      element.hidden = false;
    });
  }

  // A link to #comment-12 inside a folded thread: unfold what hides it, then show it.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
        opened = true;
      }
    }
    if (opened) target.scrollIntoView({ block: "start" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    reveal(document);
    openTarget();
  });
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("htmx:load", function (event) {
    reveal(event.detail.elt);
  });

  // A refusal shown in the page-wide message area stays until the next action or a click.
  document.addEventListener("htmx:beforeRequest", function () {
    var area = document.getElementById(PAGE_MESSAGES);
    if (area) area.innerHTML = "";
  });
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var area = target && target.closest("#" + PAGE_MESSAGES);
    if (area) area.innerHTML = "";
  });

  // After a write the discussion comes back whole: move focus to what the server marked (the
  // new or changed comment, or the confirmation), so keyboard and screen-reader users are
  // not left on a control that no longer exists. Refusals are scrolled into view.
  document.addEventListener("htmx:afterSettle", function (event) {
    var focus = document.querySelector("[data-focus-after-swap]");
    if (focus) {
      focus.removeAttribute("data-focus-after-swap");
      for (var node = focus.parentElement; node; node = node.parentElement) {
        if (node.tagName === "DETAILS") node.open = true;
      }
      focus.focus({ preventScroll: true });
      focus.scrollIntoView({ block: "nearest" });
      return;
    }
    var target = event.detail.target;
    if (target && target.id && /-messages$/.test(target.id) && target.firstElementChild) {
      target.scrollIntoView({ block: "nearest" });
    }
  });
})();
