// Links each Korean sentence with its English original: hovering, focusing or tapping
// one highlights both. Without JavaScript the side-by-side layout shows the same pairing.
(function () {
  "use strict";

  function partners(element) {
    var scope = element.closest(".entry") || document;
    return scope.querySelectorAll('[data-seg="' + element.dataset.seg + '"]');
  }

  function setLinked(element, on) {
    partners(element).forEach(function (node) {
      node.classList.toggle("is-linked", on);
    });
  }

  function segmentOf(event) {
    var target = event.target;
    return target instanceof Element ? target.closest("[data-seg]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var seg = segmentOf(event);
    if (seg) setLinked(seg, true);
  });
  document.addEventListener("mouseout", function (event) {
    var seg = segmentOf(event);
    if (seg) setLinked(seg, false);
  });
  document.addEventListener("focusin", function (event) {
    var seg = segmentOf(event);
    if (seg) setLinked(seg, true);
  });
  document.addEventListener("focusout", function (event) {
    var seg = segmentOf(event);
    if (seg) setLinked(seg, false);
  });
})();
