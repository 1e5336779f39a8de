// The chair's keys on the projector view. Every key stands for a link on the screen (its
// legend, data-key), so the server draws what the key asks and each choice can also be
// clicked; M shows the site's menu, F makes the screen full-screen. Keys with a modifier,
// and keys typed into a field, are left alone.
(function () {
  "use strict";

  function fullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-fullscreen]")) fullscreen();
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "m") {
      var menu = document.getElementById("site-menu");
      if (menu && menu.togglePopover) menu.togglePopover();
      event.preventDefault();
      return;
    }
    if (key === "f") {
      fullscreen();
      event.preventDefault();
      return;
    }
    var link = document.querySelector('#board [data-key="' + CSS.escape(key) + '"]');
    if (link) {
      event.preventDefault();
      link.click();
    }
  });

  // After the board is swapped in: the title follows the case shown, and in the list the
  // newest item is scrolled into its column's view (the page itself never scrolls).
  // The newest item is the one of the last change (the strip's first).
  function follow() {
    var board = document.getElementById("board");
    if (!board) return;
    var heading = board.querySelector("h1");
    if (heading) {
      document.title = "Sessie " + heading.textContent.trim().replace(/^Casus/, "casus") +
        " – Effectencalculator";
    }
    // The menu outside the board follows the case shown (N and V swap only the board).
    var caseLink = document.querySelector('#site-menu [data-menu="case"]');
    if (caseLink && heading) {
      caseLink.href = board.dataset.case;
      caseLink.textContent = heading.textContent.trim();
    }
    var entryLink = document.querySelector('#site-menu [data-menu="entry"]');
    if (entryLink && board.dataset.entry) entryLink.href = board.dataset.entry;
    var change = board.querySelector(".board-changes .change[data-item]");
    var item = change && board.querySelector(
      '.board-item[data-item="' + CSS.escape(change.dataset.item) + '"]'
    );
    if (item) item.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:afterSwap", follow);
  document.addEventListener("DOMContentLoaded", follow);
})();
