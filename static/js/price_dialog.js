// Adding a price item during the session: the effectencalculateur opens a small dialog from
// the entry screen, types the new item and adds it; the dialog's form is a form of its own, so
// the row being typed keeps everything, and the new item is put into the price field that was
// last being typed (or the quick-entry row's first one). The dialog's form posts with htmx;
// the server answers with an empty form and the event "price-item-added".
(function () {
  "use strict";

  var lastPriceField = null;

  function priceField() {
    if (lastPriceField && document.body.contains(lastPriceField)) return lastPriceField;
    return document.querySelector("#quick-entry input[data-combobox]");
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-combobox]")) {
      lastPriceField = event.target;
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-dialog-open]");
    if (opener) {
      var dialog = document.getElementById(opener.dataset.dialogOpen);
      if (!dialog || !dialog.showModal) return; // the link leads to a page of its own
      event.preventDefault();
      var name = dialog.querySelector("input[name$=name]");
      var typed = priceField() && priceField().value.trim();
      // What was typed in the price field is usually the name of the missing item.
      if (name && !name.value && typed && typed.indexOf("–") < 0) name.value = typed;
      dialog.showModal();
      (name || dialog.querySelector("input, select")).focus();
      return;
    }
    var closer = event.target.closest && event.target.closest("[data-dialog-close]");
    if (closer && closer.closest("dialog")) {
      event.preventDefault(); // on the page of its own (no dialog) it leads back to the entry
      closer.closest("dialog").close();
    }
  });

  // Closed by Escape, Annuleren or after adding: back to the field being typed.
  document.addEventListener(
    "close",
    function (event) {
      if (event.target.id !== "price-item-dialog") return;
      var field = priceField();
      if (field) field.focus();
    },
    true
  );

  document.addEventListener("price-item-added", function (event) {
    var field = priceField();
    if (field) {
      field.value = event.detail.value;
      field.dispatchEvent(new Event("change", { bubbles: true })); // the cost preview
    }
    var status = document.getElementById("entry-status");
    if (status) status.textContent = event.detail.notice;
    var dialog = document.getElementById("price-item-dialog");
    if (dialog && dialog.open) dialog.close();
  });
})();
