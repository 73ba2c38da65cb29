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
