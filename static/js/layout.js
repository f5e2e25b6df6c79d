// The reading layout a reader chose (static/js/reader.js stores it when they pick one),
// applied to the digest and entry pages they open later.
//
// The layout is chosen by the address (?layout=...), so that pages work without JavaScript
// and every variant can be served from the page cache; the choice is kept in this browser
// only, never in a cookie or the page, so no cached page differs between readers. This file
// is loaded in <head> without defer: when the stored choice differs from the page's, it
// moves to that variant before anything of the body is parsed or painted, so the reader
// never sees the other layout; the price is one more request, answered from the page cache.
// A page whose address names its layout (a shared link, the layout switch) is left alone.
(function () {
  "use strict";

  var KEY = "gyojeong.layout";
  var LAYOUTS = ["inline", "parallel", "korean"];
  var script = document.currentScript;
  var shown = script && script.dataset.layout;
  var stored = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch (error) {
    return; // storage refused (private mode, blocked cookies): the page's default it is
  }
  if (!shown || LAYOUTS.indexOf(stored) < 0 || stored === shown) return;
  var url = new URL(window.location.href);
  if (url.searchParams.has("layout")) return;
  url.searchParams.set("layout", stored);
  window.location.replace(url.href);
})();
