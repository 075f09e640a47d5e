/* The app's own behaviour. The Content-Security-Policy allows no inline scripts,
   styles or event handlers: pages mark elements with data- attributes and this file
   gives them their behaviour. */
(function () {
  "use strict";

  /* <select data-submit-on-change>: choosing submits its form (the language switch). */
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  /* <form data-confirm="Question?">: asks before submitting. */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });

  /* Tables wider than the screen (a phone) scroll inside a labelled region instead of
     the whole page scrolling sideways. The region is named after the table's caption
     or the heading above it, and can be focused (and scrolled with the arrow keys)
     only while it has something to scroll. */
  function tableName(table) {
    if (table.caption && table.caption.textContent.trim()) {
      return table.caption.textContent.trim();
    }
    var node = table.closest(".table-responsive") || table;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        var heading = sibling.matches("h1, h2, h3, h4, h5, h6")
          ? sibling
          : sibling.querySelector("h1, h2, h3, h4, h5, h6");
        if (heading && heading.textContent.trim()) {
          return heading.textContent.trim();
        }
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title.split("·")[0].trim();
  }
  var tableRegions = [];
  document.querySelectorAll("main table").forEach(function (table) {
    var region = table.parentElement.classList.contains("table-responsive")
      ? table.parentElement
      : null;
    if (!region) {
      region = document.createElement("div");
      region.className = "table-responsive";
      table.parentNode.insertBefore(region, table);
      region.appendChild(table);
    }
    region.setAttribute("role", "region");
    if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
      region.setAttribute("aria-label", tableName(table));
    }
    tableRegions.push(region);
  });
  function focusableWhenScrolling() {
    tableRegions.forEach(function (region) {
      if (region.scrollWidth > region.clientWidth) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }
  focusableWhenScrolling();
  window.addEventListener("resize", focusableWhenScrolling);

  /* The session's idle timeout: a warning a few minutes before the server ends the
     session; "Stay logged in" asks the server to move the expiry on. When the time is
     up the page is loaded again, which shows the log-in page instead of the personal
     data (unless another tab kept the session alive). */
  var body = document.body;
  var idleSeconds = parseInt(body.dataset.sessionIdleSeconds || "", 10);
  var warning = document.getElementById("session-warning");
  if (!idleSeconds || !warning) {
    return;
  }
  var warnBefore = Math.min(180, Math.floor(idleSeconds / 2));
  var countdown = warning.querySelector("[data-session-countdown]");
  var stay = warning.querySelector("[data-session-stay]");
  var deadline = 0;
  var ticker = null;
  var warnTimer = null;
  var previousFocus = null;

  function format(seconds) {
    var s = Math.max(0, seconds);
    var minutes = Math.floor(s / 60);
    var rest = s % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function hide() {
    warning.classList.add("d-none");
    if (ticker) {
      window.clearInterval(ticker);
      ticker = null;
    }
    if (previousFocus && document.body.contains(previousFocus)) {
      previousFocus.focus();
    }
    previousFocus = null;
  }

  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    countdown.textContent = format(left);
    if (left <= 0) {
      window.clearInterval(ticker);
      window.location.assign(window.location.href);
    }
  }

  function show() {
    previousFocus = document.activeElement;
    warning.classList.remove("d-none");
    stay.focus();
    tick();
    ticker = window.setInterval(tick, 1000);
  }

  function start() {
    // A little after the server's own expiry, so the reload never finds the session
    // still alive and moves it on by itself.
    deadline = Date.now() + (idleSeconds + 2) * 1000;
    if (warnTimer) {
      window.clearTimeout(warnTimer);
    }
    warnTimer = window.setTimeout(show, (idleSeconds - warnBefore) * 1000);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  stay.addEventListener("click", function () {
    fetch(body.dataset.sessionKeepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      // 204: kept. Anything else (a redirect to the log-in page): the session is gone.
      if (response.status === 204 && !response.redirected) {
        hide();
        start();
      } else {
        window.location.assign(window.location.href);
      }
    });
  });

  warning.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      stay.click();
    }
  });

  start();
})();
