/* Newsdesk: progressive enhancement only. Every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function searchInput() {
    return document.querySelector("[data-search-input]");
  }

  // "/" focuses the search box (unless the user is typing somewhere already).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    var input = searchInput();
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  // Escape in the search box leaves it.
  var box = searchInput();
  if (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") box.blur();
    });
  }

  // Changing the sort order or ticking an outlet applies it at once.
  function submitOwner(el) {
    var form = el.form;
    if (!form) return;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-autosubmit]"), function (el) {
    el.addEventListener("change", function () { submitOwner(el); });
  });

  // On a narrow screen the filters start folded away above the results (the chips show the
  // ones in use).
  var panel = document.querySelector("[data-filters]");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 56rem)").matches) {
    panel.removeAttribute("open");
  }

  // "Back to results" returns to the very page of results (scroll position, filters) when
  // the article was opened from it.
  var back = document.querySelector("[data-back]");
  if (back && document.referrer) {
    try {
      var ref = new URL(document.referrer);
      if (ref.origin === window.location.origin && ref.pathname === "/search" && window.history.length > 1) {
        back.setAttribute("href", ref.pathname + ref.search);
        back.addEventListener("click", function (event) {
          event.preventDefault();
          window.history.back();
        });
      }
    } catch (e) { /* an unparsable referrer: keep the plain link */ }
  }
})();
