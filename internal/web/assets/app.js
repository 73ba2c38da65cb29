// Egregoros web UI: the theme (system, light or dark, remembered in a cookie that the server
// renders as data-theme on <html>), and the "N new posts" bar of live timelines. Loaded in
// <head> without defer so that a choice older than the cookie applies before the first paint.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "egregoros-theme"; // where earlier versions kept the choice
  var order = ["system", "light", "dark"];

  function stored() {
    var m = /(?:^|; )egregoros_theme=(light|dark)(?:;|$)/.exec(document.cookie);
    return m ? m[1] : "system";
  }

  // save writes the cookie (host-only, as the appearance settings set it) for a year.
  function save(t) {
    var rest = "; path=/; samesite=lax" + (window.location.protocol === "https:" ? "; secure" : "");
    document.cookie = t === "system" ? "egregoros_theme=; max-age=0" + rest : "egregoros_theme=" + t + "; max-age=31536000" + rest;
    try {
      window.localStorage.removeItem(key);
    } catch (e) {
      // storage refused: nothing to clean up
    }
  }

  function apply(t) {
    if (t === "system") {
      delete root.dataset.theme;
    } else {
      root.dataset.theme = t;
    }
  }

  try {
    var old = window.localStorage.getItem(key);
    if ((old === "light" || old === "dark") && stored() === "system") {
      save(old);
    }
  } catch (e) {
    // storage refused: the cookie alone holds the choice
  }
  apply(stored());

  // choose applies a theme, remembers it and tells the toggle and the appearance settings.
  function choose(t) {
    save(t);
    apply(t);
    document.dispatchEvent(new CustomEvent("egregoros:theme", { detail: t }));
  }

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
      choose(order[(order.indexOf(stored()) + 1) % order.length]);
    });
    document.addEventListener("egregoros:theme", function (e) {
      show(e.detail);
    });
  });

  // The appearance settings: choosing a theme applies it at once (the form saves it too).
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("[data-appearance] input[name=theme]")) {
      choose(e.target.value);
    }
  });
  document.addEventListener("egregoros:theme", function (e) {
    var radio = document.querySelector('[data-appearance] input[name=theme][value="' + e.detail + '"]');
    if (radio) {
      radio.checked = true;
    }
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
    delete text.dataset.suggesting;
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
        if (empty) {
          delete text.dataset.suggesting;
        } else {
          text.dataset.suggesting = "";
        }
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
    if (!text.matches || !text.matches("textarea[data-autocomplete][data-suggesting]")) {
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

// The composer's emoji picker and the schedule fields. The picker inserts at the caret the
// common emoji it is rendered with and the instance's custom emoji (fetched from the API's
// GET /api/v1/custom_emojis when it first opens; inserted as :shortcode:); the arrow keys
// move through it, Enter inserts, Escape closes it. A schedule field sends the browser's
// offset from UTC for the time chosen (tz_offset), and the page's UTC times become local.
(function () {
  "use strict";
  var columns = 7;
  var custom = null;

  function panelOf(picker) {
    return picker.querySelector("[data-emoji-panel]");
  }
  function choices(picker) {
    return Array.prototype.slice.call(panelOf(picker).querySelectorAll("[data-insert]"));
  }
  function focusChoice(picker, i) {
    var list = choices(picker);
    if (!list.length) {
      return;
    }
    i = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (b, j) {
      b.tabIndex = j === i ? 0 : -1;
    });
    list[i].focus();
  }
  function closeEmoji(picker, refocus) {
    var panel = panelOf(picker);
    if (panel.hidden) {
      return;
    }
    panel.hidden = true;
    var toggle = picker.querySelector("[data-emoji-toggle]");
    toggle.setAttribute("aria-expanded", "false");
    if (refocus) {
      toggle.focus();
    }
  }
  function loadCustom(picker) {
    if (!custom) {
      custom = fetch("/api/v1/custom_emojis", { credentials: "same-origin" })
        .then(function (res) {
          return res.ok ? res.json() : [];
        })
        .catch(function () {
          return [];
        });
    }
    custom.then(function (list) {
      var box = picker.querySelector("[data-emoji-custom]");
      if (!box || box.dataset.loaded) {
        return;
      }
      box.dataset.loaded = "1";
      (Array.isArray(list) ? list : []).forEach(function (e) {
        if (e.visible_in_picker === false || !/^[A-Za-z0-9_]+$/.test(e.shortcode || "")) {
          return;
        }
        var b = document.createElement("button");
        b.type = "button";
        b.tabIndex = -1;
        b.className = "emoji-choice";
        b.dataset.insert = ":" + e.shortcode + ":";
        b.setAttribute("aria-label", ":" + e.shortcode + ":");
        b.title = ":" + e.shortcode + ":";
        var img = document.createElement("img");
        img.src = e.static_url || e.url;
        img.alt = "";
        img.className = "size-6 object-contain";
        b.appendChild(img);
        box.appendChild(b);
      });
      box.parentNode.hidden = !box.children.length;
    });
  }
  function openEmoji(picker) {
    document.querySelectorAll("[data-emoji-picker]").forEach(function (p) {
      if (p !== picker) {
        closeEmoji(p, false);
      }
    });
    panelOf(picker).hidden = false;
    picker.querySelector("[data-emoji-toggle]").setAttribute("aria-expanded", "true");
    loadCustom(picker);
    focusChoice(picker, 0);
  }
  function insertEmoji(picker, value) {
    var text = picker.closest("form").querySelector("textarea[name=status]");
    var start = text.selectionStart;
    var before = text.value.slice(0, start);
    var after = text.value.slice(text.selectionEnd);
    if (value.charAt(0) === ":") {
      // a shortcode is a word of its own
      if (before && !/\s$/.test(before)) {
        value = " " + value;
      }
      if (!/^\s/.test(after)) {
        value += " ";
      }
    }
    text.value = before + value + after;
    closeEmoji(picker, false);
    text.focus();
    text.setSelectionRange(start + value.length, start + value.length);
    text.dispatchEvent(new Event("input", { bubbles: true }));
  }
  document.addEventListener("click", function (e) {
    var picker = e.target.closest && e.target.closest("[data-emoji-picker]");
    document.querySelectorAll("[data-emoji-picker]").forEach(function (p) {
      if (p !== picker) {
        closeEmoji(p, false);
      }
    });
    if (!picker) {
      return;
    }
    if (e.target.closest("[data-emoji-toggle]")) {
      if (panelOf(picker).hidden) {
        openEmoji(picker);
      } else {
        closeEmoji(picker, true);
      }
      return;
    }
    var choice = e.target.closest("[data-insert]");
    if (choice) {
      insertEmoji(picker, choice.dataset.insert);
    }
  });
  document.addEventListener("keydown", function (e) {
    var picker = e.target.closest && e.target.closest("[data-emoji-picker]");
    if (!picker || panelOf(picker).hidden) {
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      closeEmoji(picker, true);
      return;
    }
    var at = choices(picker).indexOf(e.target);
    if (at < 0) {
      return;
    }
    var step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[e.key];
    if (step) {
      e.preventDefault();
      focusChoice(picker, at + step);
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      focusChoice(picker, e.key === "Home" ? 0 : choices(picker).length - 1);
    } else if (e.key === "Tab") {
      closeEmoji(picker, false);
    }
  });

  // Schedule fields: the offset of the browser's time zone at the chosen time.
  function pad(n) {
    return String(n).padStart(2, "0");
  }
  function setOffset(field) {
    var hidden = field.form && field.form.querySelector("[data-tz-offset]");
    if (!hidden) {
      return;
    }
    var at = new Date(field.value);
    hidden.value = field.value && !isNaN(at) ? String(at.getTimezoneOffset()) : String(new Date().getTimezoneOffset());
  }
  function localize(root) {
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (e) {
      zone = "";
    }
    root.querySelectorAll("input[data-schedule-at]").forEach(function (field) {
      if (field.dataset.utc) {
        var d = new Date(field.dataset.utc);
        if (!isNaN(d)) {
          field.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
        }
        delete field.dataset.utc;
      }
      setOffset(field);
      var note = field.form && field.form.querySelector("[data-tz-note]");
      if (note && !note.dataset.local) {
        note.dataset.local = "1";
        note.textContent = "In your time zone" + (zone ? " (" + zone + ")" : "") + "." + (note.dataset.empty ? " " + note.dataset.empty : "");
      }
    });
    root.querySelectorAll("time[data-local]").forEach(function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (!isNaN(d)) {
        t.textContent = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      }
      t.removeAttribute("data-local");
    });
  }
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("input[data-schedule-at]")) {
      setOffset(e.target);
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("input[data-schedule-at]")) {
      setOffset(e.target);
    }
  });
  document.addEventListener(
    "submit",
    function (e) {
      var field = e.target.querySelector && e.target.querySelector("input[data-schedule-at]");
      if (field) {
        setOffset(field);
      }
    },
    true
  );
  document.addEventListener("DOMContentLoaded", function () {
    localize(document);
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    localize(document);
  });
})();

// Dialogs (partials/modal.html, modal.go): the reply, edit and delete buttons of cards load
// one with htmx, which opens as a modal: the focus moves inside, Escape closes it and the
// focus goes back to the button. Once the post, the edit or the deletion is done, the dialog
// closes, the page changes in place (a reply under its parent on a thread page, the edited
// card, the deleted card gone) and the result is announced. Without JavaScript the same
// buttons are links to the thread's reply form and to the edit and delete pages.
(function () {
  "use strict";
  var opener = null;
  var toast = null;
  var toastTimer = null;

  function announce(message, link) {
    if (!toast) {
      toast = document.createElement("div");
      toast.className = "toast";
      toast.setAttribute("role", "status");
      toast.setAttribute("aria-live", "polite");
      toast.hidden = true;
      document.body.appendChild(toast);
    }
    toast.textContent = message + " ";
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.textContent = "View it";
      toast.appendChild(a);
    }
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      toast.hidden = true;
    }, 6000);
  }

  // The page may already hold the ids of the composer inside the dialog (the home composer,
  // the thread's reply form): those inside get a suffix, with the labels and references that
  // point at them.
  function uniqueIds(dialog) {
    dialog.querySelectorAll("[id]").forEach(function (el) {
      var id = el.id;
      if (document.querySelectorAll('[id="' + CSS.escape(id) + '"]').length < 2) {
        return;
      }
      var fresh = id + "-" + dialog.id;
      el.id = fresh;
      ["for", "aria-controls", "aria-labelledby", "aria-describedby", "list"].forEach(function (attr) {
        dialog.querySelectorAll("[" + attr + "]").forEach(function (ref) {
          var parts = ref.getAttribute(attr).split(/\s+/);
          var i = parts.indexOf(id);
          if (i >= 0) {
            parts[i] = fresh;
            ref.setAttribute(attr, parts.join(" "));
          }
        });
      });
    });
  }

  function focusInside(dialog) {
    var text = dialog.querySelector("textarea[name=status]");
    if (text) {
      text.focus();
      var end = text.value.length;
      text.setSelectionRange(end, end);
      return;
    }
    var first = dialog.querySelector("[data-modal-cancel]") || dialog.querySelector("[data-modal-close]");
    if (first) {
      first.focus();
    }
  }

  function open(dialog) {
    document.querySelectorAll("dialog[data-modal][open]").forEach(function (d) {
      if (d !== dialog) {
        d.close();
      }
    });
    uniqueIds(dialog);
    dialog._opener = opener;
    opener = null;
    dialog.addEventListener("close", function () {
      var back = dialog._focusAfter || dialog._opener;
      dialog.remove();
      if (back && document.body.contains(back)) {
        back.focus();
      }
    });
    dialog.showModal();
    focusInside(dialog);
  }

  // What the answer says once done: the new reply, the edited card, or the card to remove.
  function done(el) {
    var dialog = el.closest("dialog[data-modal]");
    var back = dialog && dialog._opener;
    var article = back && back.closest("article.status");
    var tpl = el.querySelector("template[data-card]");
    var card = tpl && tpl.content.querySelector("article.status");
    var kind = el.dataset.modalDone;
    if (kind === "edit" && article && card) {
      var fresh = card.cloneNode(true);
      article.replaceWith(fresh);
      htmx.process(fresh);
      dialog._focusAfter = fresh.querySelector("[id$='-edit']");
    } else if (kind === "delete" && article) {
      var next = article.nextElementSibling || article.previousElementSibling;
      article.remove();
      dialog._focusAfter = (next && next.querySelector("a[href], button")) || document.getElementById("main");
    } else if (kind === "reply" && card) {
      var count = back && back.querySelector(".tabular-nums");
      if (count && /^\d+$/.test(count.textContent)) {
        count.textContent = String(parseInt(count.textContent, 10) + 1);
        back.setAttribute("aria-label", "Reply, " + count.textContent + (count.textContent === "1" ? " reply" : " replies"));
      }
      var replies = document.getElementById("replies");
      if (replies && !document.getElementById(card.id)) {
        var node = card.cloneNode(true);
        node.classList.add("status-live");
        if (article && !article.classList.contains("status-focused") && article.parentNode) {
          article.after(node);
        } else {
          replies.appendChild(node);
        }
        htmx.process(node);
      }
    }
    announce(el.dataset.message || "Done.", el.dataset.link);
    if (dialog) {
      dialog.close();
    }
  }

  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    if (elt && elt.matches && elt.matches("[data-modal-opener]")) {
      opener = elt;
    }
  });
  document.addEventListener("htmx:load", function (e) {
    var el = e.target;
    if (!el || !el.matches) {
      return;
    }
    if (el.matches("dialog[data-modal]")) {
      open(el);
      return;
    }
    var dialog = el.closest("dialog[data-modal]");
    if (!dialog) {
      return;
    }
    var finished = el.matches("[data-modal-done]") ? el : el.querySelector("[data-modal-done]");
    if (finished) {
      done(finished);
    } else {
      uniqueIds(dialog); // a refused form came back: its ids again, the focus on the text
      focusInside(dialog);
    }
  });
  // A refusal htmx does not swap (a 404, a 403): said in the dialog, or announced.
  document.addEventListener("htmx:responseError", function (e) {
    var elt = e.detail && e.detail.elt;
    var dialog = elt && elt.closest && elt.closest("dialog[data-modal]");
    if (!dialog && !(elt && elt.matches && elt.matches("[data-modal-opener]"))) {
      return;
    }
    var doc = new DOMParser().parseFromString(e.detail.xhr.responseText || "", "text/html");
    var msg = doc.body.textContent.trim() || "Something went wrong. Try again.";
    if (!dialog) {
      announce(msg);
      return;
    }
    var note = dialog.querySelector("[data-modal-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "error mb-3";
      note.setAttribute("role", "alert");
      note.setAttribute("data-modal-error", "");
      dialog.querySelector(".modal-body").prepend(note);
    }
    note.textContent = msg;
  });
  // The reply button of the thread's own status goes to the reply form below it: the focus
  // goes into its text too.
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest('a[href$="#reply"]:not([data-modal-opener])');
    var text = link && link.pathname === window.location.pathname && document.querySelector("#reply textarea[name=status]");
    if (text) {
      e.preventDefault();
      text.scrollIntoView({ block: "center" });
      text.focus();
    }
  });
  document.addEventListener("click", function (e) {
    var cancel = e.target.closest && e.target.closest("dialog[data-modal] [data-modal-cancel]");
    if (cancel) {
      e.preventDefault();
      cancel.closest("dialog").close();
    }
  });
})();
