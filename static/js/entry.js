// The notulist's entry screen: keyboard-only entry. Enter saves from any field of an entry
// form (also from a select or the checkbox, where browsers do not submit by themselves), and
// after htmx swaps something in, focus goes where the next keystroke belongs.
(function () {
  "use strict";

  function firstField(form) {
    return form.querySelector("input:not([type=hidden]), select, textarea");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    var field = event.target;
    var form = field.closest && field.closest("form[data-entry-form]");
    if (!form || field.tagName === "TEXTAREA" || field.tagName === "BUTTON") return;
    if (field.tagName === "SELECT" || field.type === "checkbox") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

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
      firstField(form).focus();
    } else if (swapped.matches(".entry-item")) {
      var action = swapped.querySelector(".entry-item__actions a, .entry-item__actions button");
      if (action) action.focus();
    }
  });

  // A save answers with the new row only; the quick-entry row is put back empty from the
  // page's blank copy, keeping the kind and werkwijze just used.
  document.addEventListener("entry-saved", function (event) {
    var form = document.getElementById("quick-entry");
    var blank = document.getElementById("quick-entry-blank");
    if (!form || !blank) return;
    var fresh = blank.content.firstElementChild.cloneNode(true);
    ["kind", "scenario"].forEach(function (name) {
      var field = fresh.querySelector("[name=" + name + "]");
      if (field && event.detail[name] !== undefined) field.value = event.detail[name];
    });
    form.replaceWith(fresh);
    htmx.process(fresh);
    firstField(fresh).focus();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var quick = document.getElementById("quick-entry");
    if (quick && !location.hash) firstField(quick).focus();
  });
})();
