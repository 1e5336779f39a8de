// The price field of a cost line as an accessible combobox (the WAI-ARIA combobox pattern with
// a list): typing asks the price search for ranked options; ArrowDown and ArrowUp move through
// them, Enter takes the active one (and does not save the row), Escape closes the list, and Tab
// takes the only option when the search found exactly one. Fields are found by their
// data-combobox attribute (the search's address), so that rows put in by htmx need no set-up.
// Nothing depends on this script: on save the server reads a typed code or name itself
// (cases/forms.py) and lists the candidates when the text is ambiguous.
(function () {
  "use strict";

  var DELAY = 150; // ms of quiet typing before the search is asked
  var state = new WeakMap(); // input → {timer, ticket}
  var counter = 0;

  function listFor(input) {
    var id = input.getAttribute("aria-controls");
    var list = id && document.getElementById(id);
    if (list) return list;
    if (!input.id) input.id = "combobox-" + ++counter;
    list = document.createElement("ul");
    list.id = input.id + "-opties";
    list.className = "combobox__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Gevonden prijsitems");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.parentElement.classList.add("combobox");
    state.set(input, { timer: null, ticket: 0 });
    return list;
  }

  function setUp(root) {
    root.querySelectorAll("input[data-combobox]").forEach(listFor);
  }

  function options(list) {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
  }

  function active(input) {
    var id = input.getAttribute("aria-activedescendant");
    return id ? document.getElementById(id) : null;
  }

  function setActive(input, option) {
    options(listFor(input)).forEach(function (each) {
      each.setAttribute("aria-selected", each === option ? "true" : "false");
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(input) {
    var list = listFor(input);
    var open = options(list).length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function hide(input) {
    listFor(input).hidden = true;
    input.setAttribute("aria-expanded", "false");
    setActive(input, null);
  }

  function choose(input, option) {
    input.value = option.dataset.value;
    hide(input);
    // The cost preview listens for changes of the row.
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function search(input) {
    var list = listFor(input);
    var query = input.value.trim();
    var own = state.get(input);
    var ticket = ++own.ticket;
    if (!query) {
      list.innerHTML = "";
      list.dataset.query = "";
      hide(input);
      return;
    }
    fetch(input.dataset.combobox + "?q=" + encodeURIComponent(query), {
      headers: { "HX-Request": "true" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (html) {
        if (ticket !== own.ticket || document.activeElement !== input) return; // outdated
        list.innerHTML = html;
        list.dataset.query = query;
        options(list).forEach(function (option, n) {
          option.id = list.id + "-" + n;
        });
        setActive(input, null);
        show(input);
      })
      .catch(function () {
        /* no suggestions without a network; the typed text is still saved and checked */
      });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-combobox]")) return;
    var own = state.get(input) || (listFor(input), state.get(input));
    setActive(input, null); // what was typed now counts, not an option chosen before
    clearTimeout(own.timer);
    own.timer = setTimeout(function () {
      search(input);
    }, DELAY);
  });

  // In the capture phase, so that an Enter that takes an option never reaches the form.
  document.addEventListener(
    "keydown",
    function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input[data-combobox]") || event.isComposing) return;
      var list = listFor(input);
      var found = options(list);
      var open = input.getAttribute("aria-expanded") === "true";
      var current = active(input);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!found.length) {
          // E.g. back from a refusal: the list is asked for what the field holds.
          if (input.value.trim()) search(input);
          return;
        }
        event.preventDefault();
        if (!open) show(input);
        var step = event.key === "ArrowDown" ? 1 : -1;
        var index = current ? found.indexOf(current) + step : step > 0 ? 0 : found.length - 1;
        setActive(input, found[(index + found.length) % found.length]);
      } else if (event.key === "Enter" && open && current) {
        event.preventDefault();
        event.stopPropagation();
        choose(input, current);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        hide(input);
      } else if (event.key === "Tab" && open) {
        // The only match is taken, but only if it answers what is in the field now.
        var fresh = list.dataset.query === input.value.trim();
        var pick = current || (fresh && found.length === 1 ? found[0] : null);
        if (pick) choose(input, pick);
        else hide(input);
      }
    },
    true
  );

  // A pointer picks an option without taking the focus from the field.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".combobox__list [role=option]");
    if (!option) return;
    event.preventDefault();
    var input = document.querySelector('[aria-controls="' + option.parentElement.id + '"]');
    if (input) choose(input, option);
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-combobox]")) hide(input);
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-combobox]")) listFor(event.target);
  });
  document.addEventListener("htmx:load", function (event) {
    setUp(event.detail.elt);
  });
  document.addEventListener("DOMContentLoaded", function () {
    setUp(document);
  });
})();
