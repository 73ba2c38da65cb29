// Egregoros web UI: the theme (system, light or dark, remembered in localStorage), and the
// "N new posts" bar of live timelines. Loaded in <head> without defer so that the chosen
// theme applies before the first paint.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "egregoros-theme";
  var order = ["system", "light", "dark"];

  function stored() {
    try {
      var t = window.localStorage.getItem(key);
      return t === "light" || t === "dark" ? t : "system";
    } catch (e) {
      return "system";
    }
  }

  function apply(t) {
    if (t === "system") {
      delete root.dataset.theme;
    } else {
      root.dataset.theme = t;
    }
  }

  apply(stored());

  // New posts arrive at the top of the feed (the browser keeps the reading position). Scrolled
  // down, the reader is told how many arrived; the bar takes them back to the top.
  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.querySelector("[data-new-posts]");
    var feed = document.getElementById("feed");
    if (!bar || !feed) {
      return;
    }
    var unseen = 0;
    function update() {
      if (window.scrollY < 200) {
        unseen = 0;
      }
      bar.hidden = unseen === 0;
      bar.textContent = unseen === 1 ? "1 new post" : unseen + " new posts";
    }
    feed.addEventListener("htmx:sseMessage", function () {
      unseen += 1;
      update();
    });
    window.addEventListener("scroll", update, { passive: true });
    bar.addEventListener("click", function () {
      unseen = 0;
      update();
      window.scrollTo({ top: 0, behavior: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth" });
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) {
      return;
    }
    function show(t) {
      var label = "Theme: " + t;
      button.dataset.current = t;
      button.setAttribute("aria-label", label);
      button.title = label;
      var text = button.querySelector("[data-label]");
      if (text) {
        text.textContent = label;
      }
    }
    show(stored());
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = order[(order.indexOf(stored()) + 1) % order.length];
      try {
        if (next === "system") {
          window.localStorage.removeItem(key);
        } else {
          window.localStorage.setItem(key, next);
        }
      } catch (e) {
        // storage refused (private mode): the choice lasts for this page only
      }
      apply(next);
      show(next);
    });
  });
})();

// The composer (attachments uploaded as soon as they are chosen, with a progress bar; alt
// text; the character counter), and the lightbox of status images. Without JavaScript the
// composer's form carries the files itself and an image link opens the file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function csrfOf(form) {
    var input = form && form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  // Uploads: each chosen file goes to /media/upload; the answer is the attachment item (its
  // media id and alt text field), added to the form.
  function upload(form, file) {
    var list = form.querySelector("[data-media-list]");
    var progress = form.querySelector("[data-upload-progress]");
    var row = document.createElement("div");
    row.className = "flex items-center gap-3 text-xs text-slate-600 dark:text-slate-300";
    var name = document.createElement("span");
    name.className = "min-w-0 flex-1 truncate";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.className = "upload-bar h-2 w-32 shrink-0 overflow-hidden rounded-full";
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute("aria-label", "Uploading " + file.name);
    row.appendChild(name);
    row.appendChild(bar);
    progress.appendChild(row);
    var data = new FormData();
    data.append("file", file);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/media/upload");
    xhr.setRequestHeader("X-CSRF-Token", csrfOf(form));
    xhr.setRequestHeader("HX-Request", "true");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round((e.loaded / e.total) * 100);
      }
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 200) {
        row.remove();
        list.insertAdjacentHTML("beforeend", xhr.responseText);
        var items = list.querySelectorAll("[data-media-item] textarea");
        if (items.length) {
          items[items.length - 1].focus();
        }
      } else {
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        row.textContent = file.name + ": " + (doc.body.textContent.trim() || "the upload failed");
        row.className = "error text-xs text-rose-700 dark:text-rose-300";
        row.setAttribute("role", "alert");
      }
    });
    xhr.addEventListener("error", function () {
      row.textContent = file.name + ": the upload failed (network)";
      row.className = "error text-xs text-rose-700 dark:text-rose-300";
      row.setAttribute("role", "alert");
    });
    xhr.send(data);
  }

  document.addEventListener("change", function (e) {
    var picker = e.target.closest && e.target.closest("[data-media-picker]");
    if (!picker) {
      return;
    }
    var form = picker.form;
    var max = parseInt(picker.dataset.max, 10) || 4;
    var have = form.querySelectorAll("[data-media-item]").length + form.querySelectorAll("[data-upload-progress] progress").length;
    var files = Array.prototype.slice.call(picker.files, 0, Math.max(0, max - have));
    files.forEach(function (f) {
      upload(form, f);
    });
    if (picker.files.length > files.length) {
      var note = document.createElement("p");
      note.className = "error text-xs text-rose-700 dark:text-rose-300";
      note.setAttribute("role", "alert");
      note.textContent = "A post may have at most " + max + " attachments.";
      form.querySelector("[data-upload-progress]").appendChild(note);
    }
    picker.value = "";
  });

  document.addEventListener("click", function (e) {
    var remove = e.target.closest && e.target.closest("[data-media-remove]");
    if (remove) {
      var item = remove.closest("[data-media-item]");
      var form = remove.form;
      item.remove();
      var picker = form && form.querySelector("[data-media-picker]");
      if (picker) {
        picker.focus();
      }
    }
  });

  // The character counter: what is left of the instance limit (text and content warning).
  function count(form) {
    var text = form.querySelector("[data-max-chars]");
    var counter = form.querySelector("[data-counter]");
    if (!text || !counter) {
      return;
    }
    var cw = form.querySelector("input[name=spoiler_text]");
    var used = Array.from(text.value).length + (cw ? Array.from(cw.value).length : 0);
    var left = parseInt(text.dataset.maxChars, 10) - used;
    counter.textContent = left + " left";
    counter.classList.toggle("text-rose-600", left < 0);
  }
  document.addEventListener("input", function (e) {
    var form = e.target.closest && e.target.closest("[data-composer]");
    if (form) {
      count(form);
    }
  });
  function countAll() {
    document.querySelectorAll("[data-composer]").forEach(count);
  }
  document.addEventListener("DOMContentLoaded", countAll);
  document.addEventListener("htmx:afterSettle", countAll);

  // The lightbox: a status image opens full size in a dialog with its alt text; Escape
  // closes it, the arrow keys go through the status's images, focus comes back after.
  var box = null;
  function openLightbox(link) {
    var group = Array.prototype.slice.call(link.parentNode.querySelectorAll("a[data-lightbox]"));
    var index = group.indexOf(link);
    var opener = document.activeElement;
    box = document.createElement("div");
    box.className = "lightbox fixed inset-0 z-50 flex flex-col items-center justify-center gap-3 bg-slate-950/90 p-4";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "Image viewer");
    box.innerHTML =
      '<button type="button" data-lb-close class="absolute right-3 top-3 grid size-11 place-items-center rounded-full bg-white/10 text-2xl text-white hover:bg-white/20" aria-label="Close (Escape)">&times;</button>' +
      '<button type="button" data-lb-prev class="absolute left-3 top-1/2 grid size-11 -translate-y-1/2 place-items-center rounded-full bg-white/10 text-2xl text-white hover:bg-white/20" aria-label="Previous image">&lsaquo;</button>' +
      '<button type="button" data-lb-next class="absolute right-3 top-1/2 grid size-11 -translate-y-1/2 place-items-center rounded-full bg-white/10 text-2xl text-white hover:bg-white/20" aria-label="Next image">&rsaquo;</button>' +
      '<img data-lb-img class="max-h-[80vh] max-w-full rounded-lg object-contain shadow-2xl" alt="">' +
      '<p data-lb-alt class="max-w-2xl rounded-lg bg-slate-900/80 px-3 py-2 text-center text-sm text-slate-100"></p>' +
      '<p data-lb-count class="text-xs text-slate-400" aria-live="polite"></p>';
    var img = box.querySelector("[data-lb-img]");
    var alt = box.querySelector("[data-lb-alt]");
    var counter = box.querySelector("[data-lb-count]");
    function show(i) {
      index = (i + group.length) % group.length;
      var a = group[index];
      img.src = a.href;
      img.alt = a.dataset.alt || "";
      alt.textContent = a.dataset.alt || "No description";
      alt.classList.toggle("italic", !a.dataset.alt);
      counter.textContent = group.length > 1 ? index + 1 + " / " + group.length : "";
      box.querySelector("[data-lb-prev]").hidden = group.length < 2;
      box.querySelector("[data-lb-next]").hidden = group.length < 2;
    }
    function close() {
      document.removeEventListener("keydown", onKey, true);
      box.remove();
      box = null;
      document.body.classList.remove("overflow-hidden");
      if (opener && opener.focus) {
        opener.focus();
      }
    }
    function onKey(e) {
      if (e.key === "Escape") {
        e.preventDefault();
        close();
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        show(index + 1);
      } else if (e.key === "ArrowLeft") {
        e.preventDefault();
        show(index - 1);
      } else if (e.key === "Tab") {
        var controls = Array.prototype.filter.call(box.querySelectorAll("button"), function (b) {
          return !b.hidden;
        });
        var at = controls.indexOf(document.activeElement);
        e.preventDefault();
        controls[(at + (e.shiftKey ? controls.length - 1 : 1)) % controls.length].focus();
      }
    }
    box.addEventListener("click", function (e) {
      if (e.target.closest("[data-lb-close]") || e.target === box) {
        close();
      } else if (e.target.closest("[data-lb-prev]")) {
        show(index - 1);
      } else if (e.target.closest("[data-lb-next]")) {
        show(index + 1);
      }
    });
    document.addEventListener("keydown", onKey, true);
    document.body.appendChild(box);
    document.body.classList.add("overflow-hidden");
    show(index);
    box.querySelector("[data-lb-close]").focus();
  }
  // @mention and #hashtag autocomplete: the word before the caret is looked up (debounced)
  // at /web/autocomplete, whose options fill the textarea's listbox; the arrow keys move
  // through them, Enter or Tab applies one, Escape closes the list.
  var suggestTimer = null;
  function suggestBox(text) {
    return document.getElementById(text.getAttribute("aria-controls"));
  }
  function closeSuggest(text) {
    var box = suggestBox(text);
    if (box) {
      box.hidden = true;
      box.innerHTML = "";
    }
    text.setAttribute("aria-expanded", "false");
    text.removeAttribute("aria-activedescendant");
  }
  function wordAtCaret(text) {
    var before = text.value.slice(0, text.selectionStart);
    var m = /(^|\s)([@#][\p{L}\p{N}_.@-]+)$/u.exec(before);
    return m ? { word: m[2], start: before.length - m[2].length } : null;
  }
  function applySuggestion(text, option) {
    var at = wordAtCaret(text);
    if (!at) {
      return;
    }
    var value = option.dataset.value + " ";
    text.value = text.value.slice(0, at.start) + value + text.value.slice(text.selectionStart);
    var caret = at.start + value.length;
    text.setSelectionRange(caret, caret);
    closeSuggest(text);
    text.focus();
    text.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function suggest(text) {
    var at = wordAtCaret(text);
    if (!at || at.word.length < 2) {
      closeSuggest(text);
      return;
    }
    fetch("/web/autocomplete?q=" + encodeURIComponent(at.word), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (res) {
        return res.ok ? res.text() : "";
      })
      .then(function (html) {
        var now = wordAtCaret(text);
        if (!now || now.word !== at.word) {
          return;
        }
        var box = suggestBox(text);
        box.innerHTML = html;
        var empty = !box.querySelector("[role=option]");
        box.hidden = empty;
        text.setAttribute("aria-expanded", empty ? "false" : "true");
        if (!empty) {
          select(text, 0);
        }
      })
      .catch(function () {
        closeSuggest(text);
      });
  }
  function select(text, i) {
    var options = suggestBox(text).querySelectorAll("[role=option]");
    if (!options.length) {
      return;
    }
    i = (i + options.length) % options.length;
    options.forEach(function (o, j) {
      o.setAttribute("aria-selected", j === i ? "true" : "false");
    });
    text.setAttribute("aria-activedescendant", options[i].id);
    options[i].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("input", function (e) {
    var text = e.target;
    if (!text.matches || !text.matches("textarea[data-autocomplete]")) {
      return;
    }
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(function () {
      suggest(text);
    }, 150);
  });
  document.addEventListener("keydown", function (e) {
    var text = e.target;
    if (!text.matches || !text.matches("textarea[data-autocomplete]") || text.getAttribute("aria-expanded") !== "true") {
      return;
    }
    var box = suggestBox(text);
    var options = Array.prototype.slice.call(box.querySelectorAll("[role=option]"));
    var current = options.findIndex(function (o) {
      return o.getAttribute("aria-selected") === "true";
    });
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      select(text, current + (e.key === "ArrowDown" ? 1 : -1));
    } else if ((e.key === "Enter" || e.key === "Tab") && current >= 0) {
      e.preventDefault();
      applySuggestion(text, options[current]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      closeSuggest(text);
    }
  });
  document.addEventListener("mousedown", function (e) {
    var option = e.target.closest && e.target.closest("[data-suggestions] [role=option]");
    if (option) {
      e.preventDefault(); // keep the focus in the textarea
      var text = document.querySelector('[aria-controls="' + option.parentNode.id + '"]');
      applySuggestion(text, option);
    }
  });
  document.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("textarea[data-autocomplete]")) {
      var text = e.target;
      setTimeout(function () {
        if (document.activeElement !== text) {
          closeSuggest(text);
        }
      }, 100);
    }
  });

  // Appearance settings: the theme saved by the settings page (a cookie) applies when the
  // sidebar toggle has not chosen one in this browser; choosing on the page applies at once
  // and tells the toggle.
  var themeKey = "egregoros-theme";
  function localTheme() {
    try {
      return window.localStorage.getItem(themeKey);
    } catch (e) {
      return null;
    }
  }
  var cookieTheme = /(?:^|; )egregoros_theme=(light|dark)/.exec(document.cookie);
  if (!localTheme() && cookieTheme) {
    document.documentElement.dataset.theme = cookieTheme[1];
  }
  function chooseTheme(t) {
    try {
      if (t === "system") {
        window.localStorage.removeItem(themeKey);
      } else {
        window.localStorage.setItem(themeKey, t);
      }
    } catch (e) {
      // storage refused: the cookie the form sets still carries it
    }
    if (t === "system") {
      delete document.documentElement.dataset.theme;
    } else {
      document.documentElement.dataset.theme = t;
    }
  }
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("[data-appearance] input[name=theme]")) {
      chooseTheme(e.target.value);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-appearance]");
    var t = localTheme();
    if (form && t) {
      var radio = form.querySelector('input[name=theme][value="' + t + '"]');
      if (radio) {
        radio.checked = true;
      }
    }
  });

  // The reaction picker (a <details>): Escape or a click elsewhere closes it.
  document.addEventListener("keydown", function (e) {
    var open = e.key === "Escape" && e.target.closest && e.target.closest("details[data-reaction-picker][open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (e) {
    document.querySelectorAll("details[data-reaction-picker][open]").forEach(function (d) {
      if (!d.contains(e.target)) {
        d.open = false;
      }
    });
  });

  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-lightbox]");
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || box) {
      return;
    }
    e.preventDefault();
    openLightbox(link);
  });
})();
