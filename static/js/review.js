// Keyboard shortcuts of the review queue (templates/corrections/review_queue.html): j and k
// move between suggestions, a accepts the current one, r moves to its reject reason, s skips
// it, ? lists them. Every shortcut only presses a control that is on the page anyway, so the
// queue works the same without JavaScript. No shortcut fires while a form field has the
// focus, or with a modifier key held (the browser's and screen readers' own keys stay theirs).
(function () {
  "use strict";

  var current = -1;
  var reopenFocus = null;

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-review-item]"));
  }

  function dialog() {
    return document.getElementById("review-shortcuts");
  }

  function typing(target) {
    if (!(target instanceof Element)) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable]"));
  }

  function mark(index, focus) {
    var all = items();
    if (!all.length) return null;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (item, position) {
      item.classList.toggle("is-current", position === current);
    });
    var item = all[current];
    if (focus) {
      item.focus({ preventScroll: true });
      item.scrollIntoView({ block: "nearest" });
    }
    return item;
  }

  function currentItem() {
    var all = items();
    if (!all.length) return null;
    // The focus may have moved by mouse or Tab: the item holding it is the current one.
    var holder = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("[data-review-item]")
      : null;
    var index = holder ? all.indexOf(holder) : current;
    return mark(index < 0 ? 0 : index, false);
  }

  function press(item, selector) {
    var control = item && item.querySelector(selector);
    if (!control || control.disabled) return false;
    control.click();
    return true;
  }

  function openHelp() {
    var box = dialog();
    if (!box || box.open) return;
    reopenFocus = document.activeElement;
    box.showModal();
  }

  var actions = {
    j: function () {
      var item = currentItem();
      mark(item ? current + 1 : 0, true);
      return true;
    },
    k: function () {
      var item = currentItem();
      mark(item ? current - 1 : 0, true);
      return true;
    },
    a: function () {
      return press(currentItem(), "[data-review-accept]");
    },
    s: function () {
      return press(currentItem(), "[data-review-skip]");
    },
    r: function () {
      var item = currentItem();
      var reason = item && item.querySelector("[data-review-reason]");
      if (!reason) return false;
      reason.focus();
      return true;
    },
    "?": function () {
      openHelp();
      return true;
    },
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var box = dialog();
    if (box && box.open) return; // the dialog handles Escape and its own button
    var action = actions[event.key];
    if (action && action()) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.closest("[data-shortcuts-open]")) openHelp();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-shortcuts-open]");
    if (button) button.hidden = false;
    var box = dialog();
    if (box) {
      box.addEventListener("close", function () {
        var back = reopenFocus && document.contains(reopenFocus) ? reopenFocus : null;
        reopenFocus = null;
        if (back && back !== document.body) back.focus();
      });
    }
    mark(0, false);
  });
})();
