/* condsearch: suggestions as you type, following the ARIA 1.2 combobox pattern (list autocomplete).
 *
 * The page works without this script: the box is a plain GET form to /search. With it, the box becomes a
 * combobox: typing asks /api/suggest, Up/Down move through the suggestions (focus stays in the box and
 * aria-activedescendant names the active option), Enter opens the active one or else submits the search,
 * Escape closes the list (a second Escape clears the box). A polite live region says how many suggestions
 * there are. Every text is put in with textContent, never as HTML.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 90; // one request per pause in typing, not per key, yet still feels immediate

  function setUp(input) {
    var listbox = document.getElementById(input.getAttribute("data-listbox"));
    var status = document.getElementById(input.getAttribute("data-status"));
    var endpoint = input.getAttribute("data-suggest-url");
    if (!listbox || !endpoint || !window.fetch) return;

    var options = [];   // [{id, title, name, url}]
    var active = -1;    // index of the active option, -1 for none
    var timer = null;
    var controller = null;
    var requestNumber = 0;
    var shownFor = null; // the text the current list answers

    var languages = {};
    try { languages = JSON.parse(input.getAttribute("data-languages") || "{}"); } catch (error) { /* unnamed */ }
    if (!input.value && window.history && window.history.state && window.history.state.typed) {
      input.value = window.history.state.typed;
    }
    if (input.form) input.form.addEventListener("submit", remember);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);
    listbox.setAttribute("role", "listbox");

    function announce(count) {
      if (!status) return;
      var text = count === 0 ? input.getAttribute("data-none")
        : count === 1 ? input.getAttribute("data-one")
        : (input.getAttribute("data-many") || "").replace("{count}", String(count));
      status.textContent = text || "";
    }

    function close() {
      // A closed list has nothing to count: the live region must not go on saying "8 suggestions".
      if (status && !listbox.hidden) status.textContent = "";
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var items = listbox.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function remember() {
      // Kept in this page's own history entry (never sent anywhere), so Back shows the box as it was left.
      if (window.history && window.history.replaceState) {
        window.history.replaceState({ typed: input.value }, "");
      }
    }

    function open(suggestion) {
      remember();
      window.location.href = suggestion.url;
    }

    function render(query, suggestions) {
      var wasOpen = !listbox.hidden;
      options = suggestions;
      shownFor = query;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      while (listbox.firstChild) listbox.removeChild(listbox.firstChild);
      suggestions.forEach(function (suggestion, index) {
        var item = document.createElement("li");
        item.id = listbox.id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var typed = words(query);
        item.appendChild(marked("title", suggestion.title, typed));
        // The name that completed the typing, unless the title already answers what was typed ("leuk" in
        // "Acute ... Leukemia"): a name in another language is said to be one ("French").
        if (suggestion.name && fold(suggestion.name) !== fold(suggestion.title)
            && !startsEveryWord(suggestion.title, typed)) {
          var alias = marked("alias", suggestion.name, typed);
          if (suggestion.lang) {
            alias.setAttribute("lang", suggestion.lang);
            var language = document.createElement("span");
            language.className = "language";
            language.textContent = (input.getAttribute("data-language-label") || "{language}:")
              .replace("{language}", languages[suggestion.lang] || suggestion.lang.toUpperCase()) + " ";
            alias.insertBefore(language, alias.firstChild);
          }
          item.appendChild(alias);
        }
        // mousedown, not click: keep the focus in the box so the list is not closed by the blur first.
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          open(suggestion);
        });
        listbox.appendChild(item);
      });
      if (suggestions.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
      // "No suggestions" is said only when a list goes away, not after every first letter typed.
      if (suggestions.length || wasOpen) announce(suggestions.length);
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (!query) {
        close();
        shownFor = null;
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var number = ++requestNumber;
      var url = endpoint + "?q=" + encodeURIComponent(query);
      window.fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          // An answer to an older keystroke arriving late must not replace a newer one.
          if (number === requestNumber && document.activeElement === input) render(query, data.suggestions || []);
        })
        .catch(function () { /* aborted or offline: the plain search still works */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return; // keys that compose a character (an input method) are not commands
      var expanded = !listbox.hidden && options.length > 0;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!expanded) {
            if (options.length && shownFor === input.value.trim()) {
              listbox.hidden = false;
              input.setAttribute("aria-expanded", "true");
              announce(options.length);
              setActive(0);
            } else {
              fetchSuggestions();
            }
          } else {
            setActive(active + 1 >= options.length ? 0 : active + 1);
          }
          break;
        case "ArrowUp":
          if (expanded) {
            event.preventDefault();
            setActive(active <= 0 ? options.length - 1 : active - 1);
          }
          break;
        case "Enter":
          if (expanded && active >= 0) {
            event.preventDefault();
            open(options[active]);
          }
          break; // otherwise the form submits: a full search for what was typed
        case "Escape":
          if (expanded) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            shownFor = null;
          }
          break;
        case "Tab":
          close();
          break;
      }
    });

    input.addEventListener("blur", function () {
      window.clearTimeout(timer);
      close();
    });
  }

  // Letters compared as a visitor reads them: without case or accents ("leucé" starts "Leucémie").
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (word) { return word.length > 0; });
  }

  function startsEveryWord(text, typed) {
    var held = words(text);
    return typed.length > 0 && typed.every(function (word) {
      return held.some(function (candidate) { return candidate.indexOf(word) === 0; });
    });
  }

  // As the server's COMPOUND_TAIL_MIN_LENGTH: a typed word this long may end a longer one ("borstkanker").
  var COMPOUND_TAIL_MIN_LENGTH = 5;
  var LETTER = /[\p{L}\p{N}]/u;

  // A span of `text` in which the typed part is put in <mark>: the start of each word a typed word begins,
  // and the end of a compound a long typed word ends. Built with text nodes, never as HTML.
  function marked(className, text, typed) {
    var span = document.createElement("span");
    span.className = className;
    var foldedAt = [];  // foldedAt[i]: the folded text of text[i] (a letter may lose its accent)
    for (var at = 0; at < text.length; at++) foldedAt.push(fold(text[at]));
    var shown = 0;
    var i = 0;
    while (i < text.length) {
      var wordStart = LETTER.test(text[i]) && (i === 0 || !LETTER.test(text[i - 1]));
      var length = typedLength(foldedAt, i, typed, !wordStart);
      if (length > 0) {
        if (i > shown) span.appendChild(document.createTextNode(text.slice(shown, i)));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(i, i + length);
        span.appendChild(mark);
        i += length;
        shown = i;
      } else {
        i++;
      }
    }
    if (shown < text.length) span.appendChild(document.createTextNode(text.slice(shown)));
    return span;
  }

  // How many characters of the text from `start` the longest typed word covers, 0 when none begins there.
  // Inside a word (`inside`), only a long typed word that ends the word counts.
  function typedLength(foldedAt, start, typed, inside) {
    var best = 0;
    typed.forEach(function (word) {
      if (inside && word.length < COMPOUND_TAIL_MIN_LENGTH) return;
      var folded = "";
      for (var end = start; end < foldedAt.length && folded.length < word.length; end++) folded += foldedAt[end];
      var endsWord = end >= foldedAt.length || !LETTER.test(foldedAt[end]);
      if (folded === word && (!inside || endsWord) && end - start > best) best = end - start;
    });
    return best;
  }

  function start() {
    var inputs = document.querySelectorAll("input[data-suggest-url]");
    for (var i = 0; i < inputs.length; i++) setUp(inputs[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
