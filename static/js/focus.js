// After htmx swaps something in, focus goes where the next keystroke belongs: to a field the
// server refused, to what the answer marks with data-focus (an undo), to the first field of a
// fresh entry form, or to the actions of a row put back. Loaded on every page.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSwap", function (event) {
    var swapped = event.detail.elt;
    if (!swapped || !swapped.isConnected) {
      swapped = document.getElementById(event.detail.target && event.detail.target.id);
    }
    if (!swapped) return;
    var invalid = swapped.querySelector("[aria-invalid=true]");
    var focusable = swapped.querySelector("[data-focus]");
    var form = swapped.matches("form[data-entry-form]")
      ? swapped
      : swapped.querySelector("form[data-entry-form]");
    if (invalid) {
      invalid.focus();
    } else if (focusable) {
      focusable.focus();
    } else if (form) {
      form.querySelector("input:not([type=hidden]), select, textarea").focus();
    } else if (swapped.matches(".entry-item, .price-items tr")) {
      var action = swapped.querySelector(
        ".entry-item__actions a, .entry-item__actions button, .row-actions a"
      );
      if (action) action.focus();
    }
  });
})();
