// The notulist's entry screen: keyboard-only entry that never waits for the server.
//
// Enter hands the item to the outbox and puts an empty row in its place in the same task, so
// the next keystroke lands in the new row whatever the network does. The item shows at once
// in the list as "wordt opgeslagen…"; the outbox sends the items one at a time, in the order
// they were entered, each with an idempotency key made here (the server makes one item of a
// key however often it arrives). The answer replaces the waiting row: the saved row, or the
// item as a form of its own with the refusals at its fields. When the network fails the
// items stay in the outbox, in the page and in localStorage (per case and user), are retried
// with back-off and sent as soon as the browser is online again; a reload or a closed laptop
// loses nothing. Without JavaScript the row is a plain form that posts and redirects.
//
// Shortcuts (shown in the legend above the row): Alt+K a new cost line, Alt+V the fixed
// amount, Alt+I the intervention flag, Alt+L an empty row. Focus after htmx swaps: focus.js.
(function () {
  "use strict";

  var STORE = "effectencalculator:outbox:";
  var MAX_LINES = 8; // as cases.forms.MAX_LINES
  var TIMEOUT_MS = 20000; // an answer that takes longer is treated as lost: the retry is safe
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

  var outbox = []; // {key, body, made, description, period}: oldest first
  var sending = false;
  var failures = 0;
  var retryTimer = null;
  var problem = ""; // why the outbox waits, for the status line
  var page = null; // {action, csrf, storeName, prefix}

  function firstField(form) {
    return form.querySelector("input:not([type=hidden]), select, textarea");
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    // crypto.randomUUID needs a secure context; a version-4 UUID from random bytes otherwise.
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 256).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // ---- the outbox in localStorage -------------------------------------------------------
  // Each page keeps its own entry, so that two tabs of one case never overwrite each other's
  // waiting items; a page that opens adopts what earlier pages left (a reload, a crash).

  function persist() {
    try {
      if (outbox.length) localStorage.setItem(page.storeName, JSON.stringify(outbox));
      else localStorage.removeItem(page.storeName);
    } catch (error) {
      // Storage full or switched off: the items are still in this page.
    }
  }

  function adopt() {
    var adopted = [];
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var name = localStorage.key(i);
        if (name && name.indexOf(page.prefix) === 0 && name !== page.storeName) {
          adopted = adopted.concat(JSON.parse(localStorage.getItem(name)) || []);
          localStorage.removeItem(name);
        }
      }
    } catch (error) {
      return [];
    }
    var known = {};
    outbox.forEach(function (entry) {
      known[entry.key] = true;
    });
    adopted = adopted.filter(function (entry) {
      if (known[entry.key]) return false;
      known[entry.key] = true;
      return true;
    });
    adopted.sort(function (a, b) {
      return a.made - b.made;
    });
    outbox = adopted.concat(outbox);
    persist();
    return adopted;
  }

  // ---- rows in the list -----------------------------------------------------------------

  function list() {
    return document.getElementById("items");
  }

  function waitingRow(entry) {
    var row = document.createElement("li");
    row.id = "outbox-" + entry.key;
    row.className = "entry-item entry-item--pending";
    var main = document.createElement("div");
    main.className = "entry-item__main";
    var meta = document.createElement("p");
    meta.className = "item__meta";
    var state = document.createElement("span");
    state.className = "item__state";
    state.textContent = problem ? "wacht op verbinding" : "wordt opgeslagen…";
    var dates = document.createElement("span");
    dates.className = "item__dates";
    dates.textContent = entry.period;
    meta.append(state, " ", dates);
    var text = document.createElement("p");
    text.className = "item__text";
    text.textContent = entry.description;
    main.append(meta, text);
    row.append(main);
    return row;
  }

  function showStatus() {
    var status = document.getElementById("outbox-status");
    var waiting = problem ? outbox.length : 0;
    var text = "";
    if (waiting) {
      text = waiting === 1 ? "1 item wacht op verbinding" : waiting + " items wachten op verbinding";
      if (problem !== "network") text += ": " + problem;
      text += ". Ze worden vanzelf verstuurd; u kunt doorgaan. ";
    }
    // A refusal stays in view after later saves have replaced the "Opgeslagen" notice.
    var refused = list().querySelectorAll(".entry-item--refused").length;
    if (refused === 1) text += "1 item is niet opgeslagen: verbeter het in de lijst.";
    if (refused > 1) text += refused + " items zijn niet opgeslagen: verbeter ze in de lijst.";
    text = text.trim();
    if (status.textContent !== text) status.textContent = text;
    list()
      .querySelectorAll(".entry-item--pending .item__state")
      .forEach(function (state) {
        state.textContent = problem ? "wacht op verbinding" : "wordt opgeslagen…";
      });
  }

  // ---- handing an item over -------------------------------------------------------------

  function handOver(form) {
    var data = new FormData(form);
    var prefix = data.get("formprefix") || "";
    var key = data.get("idempotency_key") || newKey();
    data.delete("csrfmiddlewaretoken"); // the current page's token is sent as a header
    data.delete("regel_toevoegen");
    data.set("idempotency_key", key);
    var start = (data.get(prefix + "start") || "").trim();
    var end = (data.get(prefix + "end") || "").trim();
    var entry = {
      key: key,
      body: new URLSearchParams(data).toString(),
      made: Date.now(),
      description: (data.get(prefix + "description") || "").trim() || "(zonder omschrijving)",
      period: end ? start + " – " + end : start,
    };
    var row = waitingRow(entry);
    if (form.id === "quick-entry") {
      putBackEmpty(form, { kind: data.get("kind"), scenario: data.get("scenario") });
      list().prepend(row);
    } else {
      form.closest("li").replaceWith(row);
    }
    outbox.push(entry);
    persist();
    showStatus();
    send();
  }

  // The empty row from the page's blank copy, keeping the kind and werkwijze just used: the
  // next item is often alike.
  function putBackEmpty(form, sticky) {
    var blank = document.getElementById("quick-entry-blank");
    var fresh = blank.content.firstElementChild.cloneNode(true);
    ["kind", "scenario"].forEach(function (name) {
      var field = fresh.querySelector("[name=" + name + "]");
      if (field && sticky[name]) field.value = sticky[name];
    });
    form.replaceWith(fresh);
    htmx.process(fresh);
    firstField(fresh).focus();
  }

  // ---- sending --------------------------------------------------------------------------

  function Waiting(reason) {
    this.reason = reason;
  }

  function send() {
    if (sending || !outbox.length) return;
    sending = true;
    clearTimeout(retryTimer);
    var entry = outbox[0];
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, TIMEOUT_MS);
    fetch(page.action, {
      method: "POST",
      body: entry.body,
      credentials: "same-origin",
      signal: controller.signal,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "HX-Request": "true",
        "X-CSRFToken": page.csrf,
      },
    })
      .then(
        function (response) {
          if (response.redirected) throw new Waiting("log opnieuw in (in een ander tabblad)");
          if (response.status === 403 || response.status === 404) {
            throw new Waiting("geen toegang; laad de pagina opnieuw of log opnieuw in");
          }
          if (response.status === 400) {
            // The server refused the key itself: the item gets a new one.
            entry.key = newKey();
            entry.body = replaceKey(entry.body, entry.key);
            throw new Waiting("network");
          }
          if (!response.ok) throw new Waiting("network");
          return response.text();
        },
        function () {
          throw new Waiting("network");
        }
      )
      .then(function (html) {
        clearTimeout(timer);
        settle(entry, html);
        outbox.shift();
        persist();
        failures = 0;
        problem = "";
        sending = false;
        showStatus();
        send();
      })
      .catch(function (error) {
        clearTimeout(timer);
        sending = false;
        problem = error instanceof Waiting ? error.reason : "network";
        showStatus();
        var wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
        failures += 1;
        retryTimer = setTimeout(send, wait);
      });
  }

  function replaceKey(body, key) {
    var data = new URLSearchParams(body);
    var oldKey = data.get("idempotency_key");
    var row = document.getElementById("outbox-" + oldKey);
    if (row) row.id = "outbox-" + key;
    data.set("idempotency_key", key);
    return data.toString();
  }

  // The answer in place of the waiting row: the saved row (a second answer for one key names
  // the row the first made), or the refused item as a row to correct.
  function settle(entry, html) {
    var answer = document.createElement("template");
    answer.innerHTML = html;
    var saved = answer.content.querySelector("li.entry-item[id^=item-]");
    var refused = answer.content.querySelector("li.entry-item--refused");
    var fresh = saved || refused;
    if (!fresh) throw new Waiting("network");
    var waiting = document.getElementById("outbox-" + entry.key);
    var earlier = saved && document.getElementById(saved.id);
    if (earlier) {
      earlier.replaceWith(fresh);
      if (waiting) waiting.remove();
    } else if (waiting) {
      waiting.replaceWith(fresh);
    } else {
      list().prepend(fresh);
    }
    htmx.process(fresh);
    var notice = answer.content.querySelector('[hx-swap-oob^="innerHTML:#entry-status"]');
    if (notice) document.getElementById("entry-status").innerHTML = notice.innerHTML;
  }

  // ---- cost lines, shortcuts and Enter ----------------------------------------------------

  // A new cost line row in the page itself (no round trip, so nothing typed meanwhile can go
  // astray): the last row again, renumbered and empty.
  function addLine(form) {
    var rows = form.querySelectorAll(".line-row");
    if (rows.length >= MAX_LINES) return;
    var prefix = (form.querySelector("[name=formprefix]") || {}).value || "";
    var last = rows[rows.length - 1];
    var from = prefix + "regel" + (rows.length - 1) + "-";
    var to = prefix + "regel" + rows.length + "-";
    var copy = last.cloneNode(true);
    copy.setAttribute("aria-label", "Kostenregel " + (rows.length + 1));
    copy.querySelectorAll(".field-error").forEach(function (error) {
      error.remove();
    });
    copy.querySelectorAll(".field--invalid").forEach(function (field) {
      field.classList.remove("field--invalid");
    });
    copy.querySelectorAll("*").forEach(function (element) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.split(from).join(to));
      });
      element.removeAttribute("aria-invalid");
      if (element.id && element.id.indexOf("_error") > 0) element.removeAttribute("aria-describedby");
      if (element.matches("input[type=text]")) element.value = "";
      if (element.matches("input[type=checkbox]")) element.checked = false;
      if (element.matches("select")) element.selectedIndex = 0;
      if (element.matches("output")) {
        element.id = "preview-" + prefix + "regel" + rows.length;
        element.textContent = "";
      }
    });
    last.after(copy);
    form.querySelector("[name='" + prefix + "regels']").value = rows.length + 1;
    htmx.process(copy);
    copy.querySelector("input[type=text]").focus();
  }

  function currentForm() {
    var active = document.activeElement;
    return (active && active.closest && active.closest("form[data-entry-form]")) ||
      document.getElementById("quick-entry");
  }

  function currentLine(form) {
    var active = document.activeElement;
    var line = active && active.closest && active.closest(".line-row");
    if (line && form.contains(line)) return line;
    var rows = form.querySelectorAll(".line-row");
    return rows[rows.length - 1];
  }

  var SHORTCUTS = {
    KeyK: function (form) {
      if (form.matches("[data-outbox]")) addLine(form);
      else form.requestSubmit(form.querySelector("[name=regel_toevoegen]"));
    },
    KeyV: function (form) {
      var line = currentLine(form);
      var field = line && line.querySelector("[name$='-fixed_amount']");
      if (field) field.focus();
    },
    KeyI: function (form) {
      var flag = form.querySelector("[name$='is_intervention']");
      if (!flag) return;
      flag.checked = !flag.checked;
      flag.dispatchEvent(new Event("change", { bubbles: true }));
    },
    KeyL: function (form) {
      if (form.id !== "quick-entry") return;
      var kind = form.querySelector("[name=kind]");
      var scenario = form.querySelector("[name=scenario]");
      putBackEmpty(form, { kind: kind && kind.value, scenario: scenario && scenario.value });
    },
  };

  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      var shortcut = SHORTCUTS[event.code];
      var form = shortcut && currentForm();
      if (form) {
        event.preventDefault();
        shortcut(form);
      }
      return;
    }
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    var field = event.target;
    var entryForm = field.closest && field.closest("form[data-entry-form]");
    if (!entryForm || field.tagName === "TEXTAREA" || field.tagName === "BUTTON") return;
    if (field.tagName === "SELECT" || field.type === "checkbox") {
      event.preventDefault();
      entryForm.requestSubmit();
    }
  });

  // Forms of the outbox (the quick-entry row and refused items) never post themselves.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!page || !form.matches("form[data-outbox]")) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.submitter && event.submitter.name === "regel_toevoegen") addLine(form);
      else handOver(form);
    },
    true
  );

  document.addEventListener("click", function (event) {
    var discard = event.target.closest && event.target.closest("[data-discard]");
    if (!discard) return;
    var row = discard.closest("li");
    var next = row.nextElementSibling || document.getElementById("quick-entry");
    row.remove();
    var focusable = next && next.querySelector("a, button, input:not([type=hidden]), select");
    if (focusable) focusable.focus();
  });

  // An answer (of the preview) asked for by a row that has left since, handed to the outbox
  // at Enter, belongs to that item and not to the empty row now in its place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.elt.isConnected) event.detail.shouldSwap = false;
  });

  window.addEventListener("online", function () {
    failures = 0;
    send();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var quick = document.getElementById("quick-entry");
    if (!quick) return;
    var csrf = quick.querySelector("[name=csrfmiddlewaretoken]");
    var prefix = STORE + quick.dataset.outbox + ":" + quick.getAttribute("action") + ":";
    page = {
      action: quick.getAttribute("action"),
      csrf: csrf ? csrf.value : "",
      prefix: prefix,
      storeName: prefix + Date.now() + "-" + newKey(),
    };
    // What earlier visits left unsent: shown at once, oldest lowest, and sent in order.
    adopt().forEach(function (entry) {
      list().prepend(waitingRow(entry));
    });
    showStatus();
    send();
    if (!location.hash) firstField(quick).focus();
  });
})();
