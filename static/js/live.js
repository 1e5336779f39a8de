/* The session screen follows its case live.
 *
 * The board (#board) names its stream in data-stream. The stream (Server-Sent Events) sends
 * the case's revision on connect and on every change; when it differs from the revision the
 * board shows, this dispatches "board-changed" on document.body and the board fetches itself
 * (hx-trigger="board-changed from:body"). A board fetched while a newer revision was already
 * heard is fetched again after it settles, so no change is left behind.
 *
 * #live-status (role=status) says how the screen is connected: live, cut off ("Verbinding
 * verbroken — opnieuw verbinden…", with the time of the last update) or, after the stream
 * failed three times in a row, polling every 5 seconds (and the stream is tried again each
 * minute). The browser going offline is shown at once; a stream that falls silent (no ping
 * for three heartbeats) is reconnected.
 */
(function () {
  "use strict";

  var POLL_MS = 5000;
  var RETRY_STREAM_MS = 60000;
  var SILENT_MS = 45000;
  var FAILURES_BEFORE_POLLING = 3;

  var source = null;
  var latest = null; // the newest revision heard
  var lastUpdate = null; // when the screen last heard from the server
  var failures = 0;
  var state = "";
  var pollTimer = null;
  var retryTimer = null;
  var silenceTimer = null;

  function board() {
    return document.getElementById("board");
  }

  function shownRevision() {
    var el = board();
    if (!el) return null;
    var value = el.getAttribute("data-revision");
    if (value === null) {
      var match = /[?&]revision=(\d+)/.exec(el.getAttribute("hx-get") || "");
      value = match ? match[1] : null;
    }
    return value === null ? null : parseInt(value, 10);
  }

  function statusElement() {
    var el = document.getElementById("live-status");
    if (!el && board()) {
      // Screens without a place for it get one above the board.
      el = document.createElement("p");
      el.id = "live-status";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      board().parentNode.insertBefore(el, board());
    }
    return el;
  }

  function clock(date) {
    return date.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function since() {
    return lastUpdate ? " (laatste update " + clock(lastUpdate) + ")" : "";
  }

  function show(next) {
    state = next;
    var el = statusElement();
    if (!el) return;
    var text;
    if (next === "live") {
      text = "Live" + (lastUpdate ? " · bijgewerkt om " + clock(lastUpdate) : "");
    } else if (next === "lost") {
      text = "Verbinding verbroken — opnieuw verbinden…" + since();
    } else {
      text = "Geen live verbinding: dit scherm vraagt elke 5 seconden om wijzigingen" + since() + ".";
    }
    if (el.textContent !== text) el.textContent = text;
    el.className = "live-status live-status--" + next;
    document.body.setAttribute("data-live", next);
  }

  function heard() {
    lastUpdate = new Date();
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(function () {
      // No ping for three heartbeats: the line died without a word.
      show("lost");
      reconnect();
    }, SILENT_MS);
  }

  function catchUp() {
    var shown = shownRevision();
    if (latest !== null && shown !== null && latest > shown) {
      document.body.dispatchEvent(new CustomEvent("board-changed", { detail: { revision: latest } }));
    }
  }

  function close() {
    if (source) {
      source.close();
      source = null;
    }
    clearTimeout(silenceTimer);
  }

  function connect() {
    var el = board();
    if (!el || !el.getAttribute("data-stream") || !window.EventSource) {
      poll();
      return;
    }
    close();
    clearTimeout(retryTimer);
    source = new EventSource(el.getAttribute("data-stream"));
    source.addEventListener("open", function () {
      failures = 0;
      stopPolling();
      heard();
      show("live");
    });
    source.addEventListener("revision", function (event) {
      var revision = parseInt(event.data, 10);
      if (latest === null || revision > latest) latest = revision;
      heard();
      show("live");
      catchUp();
    });
    source.addEventListener("ping", function () {
      heard();
    });
    source.addEventListener("bye", function () {
      // The server ends a stream now and then; pick it up again without a word.
      failures = 0;
      connect();
    });
    source.addEventListener("error", function () {
      failures += 1;
      show(pollTimer ? "polling" : "lost");
      if (failures >= FAILURES_BEFORE_POLLING) {
        close();
        poll();
        retryTimer = setTimeout(connect, RETRY_STREAM_MS);
      } else if (!source || source.readyState === EventSource.CLOSED) {
        // The browser gives up on an answer that is no stream (a 5xx, a proxy's page):
        // try again ourselves.
        retryTimer = setTimeout(connect, 1000 * failures);
      }
    });
  }

  function reconnect() {
    failures = 0;
    connect();
  }

  function poll() {
    show("polling");
    if (pollTimer) return;
    pollTimer = setInterval(function () {
      // The board's GET answers 204 when nothing changed.
      document.body.dispatchEvent(new CustomEvent("board-changed", { detail: { revision: null } }));
    }, POLL_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  // A chair's key (a link inside the board that redraws it: list, zoom, focus, next case)
  // must not be undone by a refresh asked with the board's old state: a refresh in flight
  // is aborted when a key is pressed, and none starts until the key's board has arrived
  // (its settling catches up on any revision heard meanwhile).
  var steering = false;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var el = board();
    if (!el || !event.detail) return;
    if (event.detail.elt === el) {
      if (steering) event.preventDefault();
    } else if (el.contains(event.detail.elt) && event.detail.target === el) {
      steering = true;
      if (window.htmx) window.htmx.trigger(el, "htmx:abort");
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (steering && event.detail && event.detail.elt !== board()) steering = false;
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "board") {
      if (state !== "live") {
        lastUpdate = new Date();
        show(state);
      }
      catchUp();
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    // A poll that was answered (204 included) is news that nothing changed.
    if (pollTimer && event.detail && event.detail.successful) {
      lastUpdate = new Date();
      show("polling");
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    if (state === "polling") show("lost");
  });
  window.addEventListener("offline", function () {
    close();
    show("lost");
  });
  window.addEventListener("online", reconnect);

  lastUpdate = new Date();
  connect();
})();
