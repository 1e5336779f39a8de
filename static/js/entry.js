// The notulist's entry screen: keyboard-only entry. Enter saves from any field of an entry
// form (also from a select or the checkbox, where browsers do not submit by themselves); after
// a save the blank row comes back (focus after other swaps: focus.js).
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
