// The outcome grid by keyboard: the arrow keys move from cell to cell (left and right only
// when the caret is at the edge of what is typed, so that editing a story still works),
// Tab moves as usual, and Enter saves the form (the browser's own submit, sent by htmx).
(function () {
  "use strict";

  function cellInputs(table) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return Array.prototype.slice.call(row.querySelectorAll("input[type=text]"));
    });
  }

  function move(input, rowStep, columnStep) {
    var table = input.closest("[data-outcome-grid]");
    var grid = cellInputs(table);
    for (var r = 0; r < grid.length; r++) {
      var c = grid[r].indexOf(input);
      if (c === -1) continue;
      var row = grid[r + rowStep];
      var next = row && row[c + columnStep];
      if (next) {
        next.focus();
        next.select();
        return true;
      }
      return false;
    }
    return false;
  }

  // A score cell is one or two digits: arriving in it (by Tab, an arrow, or the focus a
  // refusal puts there) selects it, so that what is typed replaces it.
  document.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.inputMode === "numeric" &&
        input.closest("[data-outcome-grid]")) {
      input.select();
    }
  });

  // A save that does not arrive leaves the grid as typed and says so where the saves are
  // reported; Enter again sends it again.
  function notSaved(event) {
    var form = event.detail.elt;
    if (!form || form.id !== "outcome-grid") return;
    var status = form.querySelector("[role=status]");
    if (!status) return;
    var why = event.type === "htmx:sendError"
      ? "de server is niet bereikt"
      : "de server gaf een fout (" + event.detail.xhr.status + ")";
    status.textContent =
      "Niet opgeslagen: " + why + ". Wat u typte staat er nog; druk nogmaals op Enter.";
  }
  document.addEventListener("htmx:sendError", notSaved);
  document.addEventListener("htmx:responseError", notSaved);

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest("[data-outcome-grid]")) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    var atEnd = input.selectionStart === input.value.length;
    var moved = false;
    if (event.key === "ArrowUp") moved = move(input, -1, 0);
    else if (event.key === "ArrowDown") moved = move(input, 1, 0);
    else if (event.key === "ArrowLeft" && atStart) moved = move(input, 0, -1);
    else if (event.key === "ArrowRight" && atEnd) moved = move(input, 0, 1);
    if (moved) event.preventDefault();
  });
})();
