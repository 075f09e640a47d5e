/* Search-as-you-type pickers (fostercare/pickers.py): a <select data-picker="url"> becomes
 * an accessible combobox (GOV.UK accessible-autocomplete, static/vendor/) that asks the
 * URL for the matches of what is typed. The select stays in the form, hidden, and holds
 * the chosen values; without script it is an ordinary select of at most 50 options.
 * A multiple picker lists the chosen records, each with a button that removes it.
 * data-picker-depends names another picker whose chosen values go along as ?familie=. */
(function () {
  "use strict";
  if (typeof window.accessibleAutocomplete !== "function" || !window.fetch) return;

  function text(select, key, values) {
    var value = select.getAttribute("data-picker-t-" + key) || "";
    Object.keys(values || {}).forEach(function (name) {
      value = value.split("%(" + name + ")s").join(String(values[name]));
    });
    return value;
  }

  function optionFor(select, value, label) {
    var found = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (option.value === value) found = option;
    });
    if (!found) {
      found = new Option(label, value);
      select.add(found);
    }
    return found;
  }

  function source(select) {
    var timer = null;
    var latest = 0;
    return function (query, populate) {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var params = new URLSearchParams({ q: query });
        var depends = select.getAttribute("data-picker-depends");
        if (depends) {
          var other = document.querySelector('select[name="' + depends + '"]');
          if (other) {
            Array.prototype.forEach.call(other.selectedOptions, function (option) {
              if (option.value) params.append("familie", option.value);
            });
          }
        }
        var ask = ++latest;
        window
          .fetch(select.getAttribute("data-picker") + "?" + params.toString(), {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          })
          .then(function (response) {
            return response.ok ? response.json() : { results: [] };
          })
          .then(function (data) {
            if (ask === latest) populate(data.results);
          })
          .catch(function () {
            if (ask === latest) populate([]);
          });
      }, 150);
    };
  }

  function chosenList(select, list) {
    list.replaceChildren();
    Array.prototype.forEach.call(select.selectedOptions, function (option) {
      var item = document.createElement("li");
      item.className = "d-flex align-items-center gap-2 mb-1";
      item.setAttribute("data-picker-item", option.value);
      var label = document.createElement("span");
      label.textContent = option.text;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "btn btn-sm btn-outline-danger";
      remove.textContent = text(select, "remove");
      remove.setAttribute("aria-label", text(select, "remove-label", { label: option.text }));
      remove.addEventListener("click", function () {
        option.selected = false;
        chosenList(select, list);
        list.parentNode.querySelector("input").focus();
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
      item.appendChild(label);
      item.appendChild(remove);
      list.appendChild(item);
    });
    list.hidden = list.children.length === 0;
  }

  function enhance(select) {
    var multiple = select.multiple;
    var id = select.id;
    var wrapper = document.createElement("div");
    wrapper.className = "picker";
    select.parentNode.insertBefore(wrapper, select.nextSibling);
    select.id = id + "-select";
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    var current = select.selectedOptions.length && select.selectedOptions[0].value
      ? select.selectedOptions[0].text
      : "";
    var list = null;
    if (multiple) {
      list = document.createElement("ul");
      list.className = "list-unstyled mt-2 mb-0";
      list.setAttribute("aria-label", text(select, "chosen"));
      list.setAttribute("data-picker-chosen", "");
      wrapper.appendChild(list);
      chosenList(select, list);
    }
    var field = document.createElement("div");
    wrapper.insertBefore(field, list);
    window.accessibleAutocomplete({
      element: field,
      id: id,
      name: "",
      source: source(select),
      minLength: select.getAttribute("data-picker-depends") ? 0 : 1,
      showAllValues: !!select.getAttribute("data-picker-depends"),
      defaultValue: multiple ? "" : current,
      confirmOnBlur: !multiple,
      displayMenu: "overlay",
      templates: {
        inputValue: function (option) {
          return option && !multiple ? option.label : "";
        },
        suggestion: function (option) {
          return option ? option.label : "";
        },
      },
      onConfirm: function (option) {
        if (!option) return;
        var chosen = optionFor(select, option.value, option.label);
        if (multiple) {
          chosen.selected = true;
          chosenList(select, list);
        } else {
          select.value = option.value;
        }
        select.dispatchEvent(new Event("change", { bubbles: true }));
      },
      tNoResults: function () { return text(select, "no-results"); },
      tStatusQueryTooShort: function (length) { return text(select, "too-short", { count: length }); },
      tStatusNoResults: function () { return text(select, "no-results"); },
      tStatusSelectedOption: function (option, length, index) {
        return text(select, "highlighted", { option: option, index: index + 1, count: length });
      },
      tStatusResults: function (length) {
        return text(select, length === 1 ? "result" : "results", { count: length });
      },
      tAssistiveHint: function () { return text(select, "hint"); },
    });
    var input = document.getElementById(id);
    if (input && !multiple) {
      // Emptying the field un-chooses the record.
      input.addEventListener("input", function () {
        if (input.value.trim() === "") select.value = "";
      });
    }
  }

  document.querySelectorAll("select[data-picker]").forEach(enhance);
})();
