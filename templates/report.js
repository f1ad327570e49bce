/* legdiff report filters. The page is complete without this script: it only hides what the
   reader filters out, and it never fetches anything. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !document.querySelectorAll) {
    return;
  }
  var provisions = Array.prototype.slice.call(document.querySelectorAll("article.provision"));
  var documents = Array.prototype.slice.call(document.querySelectorAll("section.document"));
  var count = document.getElementById("filter-count");
  var texts = provisions.map(function (element) {
    return element.textContent.replace(/\s+/g, " ").toLowerCase();
  });

  function current() {
    return {
      status: form.elements.status.value,
      document: form.elements.document.value,
      change: form.elements.change.value,
      text: form.elements.q.value.replace(/\s+/g, " ").trim().toLowerCase(),
      hideUnchanged: form.elements["hide-unchanged"].checked
    };
  }

  function hasWord(list, word) {
    return (" " + (list || "") + " ").indexOf(" " + word + " ") >= 0;
  }

  function matches(element, index, filter) {
    if (filter.status && element.getAttribute("data-status") !== filter.status) {
      return false;
    }
    if (filter.document && element.getAttribute("data-document") !== filter.document) {
      return false;
    }
    if (filter.change === "changed" && element.getAttribute("data-changed") !== "yes") {
      return false;
    }
    if (filter.change && filter.change !== "changed" &&
        !hasWord(element.getAttribute("data-changes"), filter.change)) {
      return false;
    }
    if (filter.hideUnchanged && element.getAttribute("data-unchanged") === "yes") {
      return false;
    }
    return !filter.text || texts[index].indexOf(filter.text) >= 0;
  }

  function apply() {
    var filter = current();
    var shown = 0;
    provisions.forEach(function (element, index) {
      var visible = matches(element, index, filter);
      element.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    documents.forEach(function (section) {
      section.hidden = !section.querySelector("article.provision:not([hidden])");
    });
    count.textContent = "Showing " + shown + " of " + provisions.length + " provisions.";
  }

  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.closest("[hidden]")) {
      form.reset();
      apply();
      target.scrollIntoView();
    }
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(apply, 0);
  });
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
}());
