/* Progressive enhancement for Verksted pages (no page depends on it).
 *
 * - live word and character counters, and the whole-document counter;
 * - the "required answers filled in" progress indicator;
 * - adding and removing table rows without a round trip (the buttons work without JavaScript);
 * - autosave of team forms (form[data-autosave]): a debounced POST of the whole form with
 *   action=autosave, answered in JSON; the status ("Lagret kl. 10.42") is announced in the form's
 *   [data-autosave-status] region. A conflict, an expired link or a closed form stops autosaving
 *   and says so — the text stays in the page, and "Save draft" (a normal POST) shows the rest;
 *   a server that cannot store it ("unavailable") is said, and the next change tries again.
 *   Autosave never sends files: a chosen attachment goes with "Save draft" or "Submit";
 * - attachments (input[type=file][data-max-bytes]): a file over the question's limit is refused
 *   as soon as it is chosen, with the reason announced, instead of after a long upload;
 * - a line under a table that is wider than the screen ([data-scroll-hint] holds its text), so a
 *   phone user knows there is more to the side; a menu that scrolls sideways shows the current page.
 *
 * countWords/countChars must count exactly as engine/schema/words.py does; a test runs this file
 * under node against the Python functions. Keep the character classes identical to words.py.
 */
(function (factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  }
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { api.enhance(document); });
    } else {
      api.enhance(document);
    }
  }
})(function () {
  "use strict";

  var WHITESPACE = "\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff";
  var SPLIT = new RegExp("[" + WHITESPACE + "]+", "u");
  var STRIP = new RegExp("^[" + WHITESPACE + "]+|[" + WHITESPACE + "]+$", "gu");
  var WORDLIKE = /[\p{L}\p{N}]/u;

  /* Line breaks as LF, surrounding space removed (words.normalise). */
  function normalise(text) {
    return text.replace(/\r\n?/g, "\n").replace(STRIP, "");
  }

  /* Runs between spaces that contain a letter or a digit (words.count_words). */
  function countWords(text) {
    if (!text) { return 0; }
    return text.split(SPLIT).filter(function (token) { return token && WORDLIKE.test(token); }).length;
  }

  /* Code points, not UTF-16 units, after normalise (words.count_chars). */
  function countChars(text) {
    if (!text) { return 0; }
    return Array.from(normalise(text)).length;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  /* ---- counters ---------------------------------------------------------------------- */

  function updateCounter(input) {
    var counter = input.ownerDocument.getElementById(input.getAttribute("data-counter"));
    if (!counter) { return; }
    var max = Number(counter.getAttribute("data-max"));
    var count = counter.getAttribute("data-unit") === "chars" ? countChars(input.value) : countWords(input.value);
    counter.textContent = fill(counter.getAttribute("data-template"), { count: count, max: max });
    counter.classList.toggle("counter--over", count > max);
  }

  function updateDocumentCounter(doc) {
    var counter = doc.getElementById("document-counter");
    if (!counter) { return; }
    var total = 0;
    doc.querySelectorAll(".template-form [data-words]").forEach(function (input) { total += countWords(input.value); });
    var max = Number(counter.getAttribute("data-max"));
    counter.textContent = fill(counter.getAttribute("data-template"), { count: total, max: max });
    counter.classList.toggle("counter--over", total > max);
  }

  /* ---- progress ---------------------------------------------------------------------- */

  function filled(container) {
    var controls = container.querySelectorAll("input, textarea, select");
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if (c.type === "checkbox" || c.type === "radio") {
        if (c.checked) { return true; }
      } else if (c.type === "hidden") {
        if (c.closest && c.closest(".attachment")) { return true; }  // a file attached earlier
      } else if (c.type !== "submit" && c.type !== "hidden" && normalise(c.value) !== "") {
        return true;
      }
    }
    return false;
  }

  function tableComplete(table) {
    var rows = Array.prototype.filter.call(table.querySelectorAll(".table-row"), filled);
    if (rows.length < Number(table.getAttribute("data-required-table"))) { return false; }
    return rows.every(function (row) {
      return Array.prototype.every.call(row.querySelectorAll("[data-required-cell]"), filled);
    });
  }

  function updateProgress(doc) {
    var box = doc.querySelector("[data-progress]");
    var form = doc.querySelector(".template-form");
    if (!box || !form) { return; }
    var fields = form.querySelectorAll("[data-required-field]");
    var tables = form.querySelectorAll("[data-required-table]");
    var done = Array.prototype.filter.call(fields, filled).length +
      Array.prototype.filter.call(tables, tableComplete).length;
    var total = fields.length + tables.length;
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-template]");
    bar.value = done;
    bar.max = total;
    text.textContent = fill(text.getAttribute("data-template"), { done: done, total: total });
  }

  /* ---- table rows -------------------------------------------------------------------- */

  var ROW_ATTRIBUTES = ["id", "name", "for", "aria-describedby", "data-counter"];

  /* Rename every id/name inside row `li` from <table>-<old>-… to <table>-<index>-…, as WTForms
     would name them, so the server reads the rows in their new order. */
  function renumberRow(table, li, index) {
    var key = table.getAttribute("data-table");
    var pattern = new RegExp("(^|\\s|field-)" + key + "-\\d+-", "g");
    var replacement = "$1" + key + "-" + index + "-";
    var n = String(index + 1);
    li.querySelectorAll("*").forEach(function (el) {
      ROW_ATTRIBUTES.forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(pattern, replacement)); }
      });
    });
    var legend = li.querySelector(".row > legend");
    if (legend) { legend.textContent = fill(table.getAttribute("data-row-label"), { n: n }); }
    var remove = li.querySelector(".remove-row");
    if (remove) {
      remove.value = "remove_row:" + key + ":" + index;
      remove.textContent = fill(table.getAttribute("data-remove-label"), { n: n });
    }
  }

  function refreshTable(table) {
    var rows = table.querySelectorAll(".table-row");
    var min = Number(table.getAttribute("data-min-rows") || 0);
    var max = Number(table.getAttribute("data-max-rows") || 0);
    rows.forEach(function (li, index) {
      renumberRow(table, li, index);
      var remove = li.querySelector(".remove-row");
      if (remove) { remove.hidden = rows.length <= min; }
    });
    var add = table.querySelector(".add-row");
    if (add) { add.hidden = max > 0 && rows.length >= max; }
  }

  function announce(table, attribute, n) {
    var status = table.querySelector("[data-table-status]");
    if (status) { status.textContent = fill(table.getAttribute(attribute), { n: String(n) }); }
  }

  function clearRow(li) {
    li.querySelectorAll("input, textarea").forEach(function (c) {
      if (c.type === "checkbox" || c.type === "radio") { c.checked = false; } else { c.value = ""; }
      c.removeAttribute("aria-invalid");
    });
    li.querySelectorAll(".field-error, .field-warning").forEach(function (el) { el.remove(); });
    li.querySelectorAll(".field--error, .field--warning").forEach(function (el) {
      el.classList.remove("field--error", "field--warning");
    });
    li.querySelectorAll("[aria-describedby]").forEach(function (el) {
      var kept = el.getAttribute("aria-describedby").split(/\s+/).filter(function (id) {
        return !/-(error|warning)$/.test(id);
      });
      if (kept.length) { el.setAttribute("aria-describedby", kept.join(" ")); } else { el.removeAttribute("aria-describedby"); }
    });
  }

  function addRow(table) {
    var list = table.querySelector(".table-rows");
    var template = list.querySelector(".table-row");
    if (!template) { return false; }  // no row to copy: let the server add it
    var li = template.cloneNode(true);
    clearRow(li);
    list.appendChild(li);
    refreshTable(table);
    li.querySelectorAll("[data-counter]").forEach(updateCounter);
    var first = li.querySelector("input, textarea");
    if (first) { first.focus(); }
    announce(table, "data-added", list.querySelectorAll(".table-row").length);
    return true;
  }

  function removeRow(table, li) {
    var rows = Array.prototype.slice.call(table.querySelectorAll(".table-row"));
    var index = rows.indexOf(li);
    li.remove();
    refreshTable(table);
    var next = table.querySelectorAll(".table-row")[index] || table.querySelectorAll(".table-row")[index - 1];
    var target = next ? next.querySelector("input, textarea") : table.querySelector(".add-row");
    if (target) { target.focus(); }
    announce(table, "data-removed", index + 1);
  }

  function onClick(event) {
    var button = event.target.closest && event.target.closest("button[name=action]");
    if (!button) { return; }
    var table = button.closest("[data-table]");
    if (!table) { return; }
    if (button.value.indexOf("add_row:") === 0) {
      if (addRow(table)) { event.preventDefault(); }
    } else if (button.value.indexOf("remove_row:") === 0) {
      event.preventDefault();
      removeRow(table, button.closest(".table-row"));
      table.dispatchEvent(new Event("change", { bubbles: true }));  // a removed row is a change to save
    }
    updateDocumentCounter(button.ownerDocument);
    updateProgress(button.ownerDocument);
  }

  /* ---- autosave -------------------------------------------------------------------- */

  var AUTOSAVE_DELAY = 2000;

  function randomNonce() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function Autosave(form) {
    this.form = form;
    this.status = form.querySelector("[data-autosave-status]");
    this.timer = null;
    this.inFlight = false;
    this.dirty = false;
    this.stopped = false;
    this.retried = false;
    this.waitingSubmitter = null;
  }

  Autosave.prototype.say = function (text) {
    if (this.status) { this.status.textContent = text; }
  };

  Autosave.prototype.schedule = function () {
    if (this.stopped) { return; }
    this.dirty = true;
    clearTimeout(this.timer);
    var self = this;
    this.timer = setTimeout(function () { self.save(); }, AUTOSAVE_DELAY);
  };

  Autosave.prototype.save = function () {
    if (this.stopped || !this.dirty) { return; }
    if (this.inFlight) { this.schedule(); return; }
    var self = this;
    var data = new FormData();
    new FormData(this.form).forEach(function (value, name) {
      if (typeof File === "undefined" || !(value instanceof File)) { data.append(name, value); }
    });
    data.set("action", "autosave");
    data.set("nonce", randomNonce());
    this.dirty = false;
    this.inFlight = true;
    this.say(this.form.getAttribute("data-saving"));
    // getAttribute: form.action would be the buttons named "action", which shadow the property.
    fetch(this.form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return body; }, function () { return { status: "error" }; });
    }).then(function (body) { self.answer(body); }, function () {
      self.dirty = true;  // nothing reached the server: try again with the next change
      self.say(self.form.getAttribute("data-failed"));
    }).then(function () {
      self.inFlight = false;
      if (self.waitingSubmitter) {
        var submitter = self.waitingSubmitter;
        self.waitingSubmitter = null;
        self.form.requestSubmit(submitter);
      }
    });
  };

  Autosave.prototype.answer = function (body) {
    if (body.status === "saved") {
      this.form.querySelector("input[name=revision]").value = body.revision;
      this.retried = false;
      this.say(body.message);
      // the line at the top of the page must not go on saying that nothing is saved
      var state = this.form.ownerDocument.querySelector("[data-draft-state]");
      if (state && body.draft_state) { state.textContent = body.draft_state; }
    } else if (body.status === "expired" && body.csrf_token && !this.retried) {
      this.form.querySelector("input[name=csrf_token]").value = body.csrf_token;
      this.retried = true;
      this.dirty = true;
      this.save();
    } else if (body.status === "conflict") {
      this.stopped = true;
      this.say(body.message + " " + this.form.getAttribute("data-conflict"));
    } else if (body.status === "unavailable") {
      this.dirty = true;  // the server could not store it: the text stays here, and the next change tries again
      this.say(body.message);
    } else {
      this.stopped = true;  // gone, blocked, throttled: autosaving cannot help; the text stays here
      this.say(body.message || this.form.getAttribute("data-failed"));
    }
  };

  /* A normal submit waits for an autosave in flight, so it is based on the newest revision. */
  Autosave.prototype.onSubmit = function (event) {
    clearTimeout(this.timer);
    if (this.inFlight) {
      event.preventDefault();
      this.waitingSubmitter = event.submitter || null;
    } else {
      this.stopped = true;
    }
  };

  function enableAutosave(doc) {
    doc.querySelectorAll("form.template-form[data-autosave]").forEach(function (form) {
      if (typeof fetch !== "function" || !window.FormData || !window.crypto) { return; }
      var autosave = new Autosave(form);
      var changed = function (event) {
        if (!(event.target && event.target.name === "csrf_token")) { autosave.schedule(); }
      };
      form.addEventListener("input", changed);
      form.addEventListener("change", changed);
      form.addEventListener("submit", function (event) { autosave.onSubmit(event); });
    });
  }

  /* ---- attachments ------------------------------------------------------------------- */

  /* A file over the limit is taken out of the input at once, and the field says why. */
  function checkFileSize(input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    var status = input.parentNode.querySelector("[data-file-status]");
    var file = input.files && input.files[0];
    if (!file || !limit || file.size <= limit) { return; }
    input.value = "";
    if (status) { status.textContent = input.getAttribute("data-too-large"); }
  }

  /* ---- tables wider than the screen ------------------------------------------------- */

  function updateScrollHints(doc) {
    doc.querySelectorAll("[data-scroll-hint]").forEach(function (box) {
      var hint = box.nextElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = doc.createElement("p");
        hint.className = "scroll-hint no-print";
        hint.textContent = box.getAttribute("data-scroll-hint");
        box.parentNode.insertBefore(hint, box.nextSibling);
      }
      var wider = box.scrollWidth > box.clientWidth + 1;
      hint.classList.toggle("scroll-hint--shown", wider);
      // a keyboard needs a tab stop to scroll a table that is wider than its box, and only then
      if (!box.hasAttribute("role")) {
        if (wider) { box.setAttribute("tabindex", "0"); } else { box.removeAttribute("tabindex"); }
      }
    });
  }

  /* A menu that scrolls sideways on a phone shows the page the reader is on. */
  function showCurrentMenuItems(doc) {
    doc.querySelectorAll(".site-nav, .programme-nav").forEach(function (menu) {
      var current = menu.querySelector("[aria-current=page]");
      if (current && menu.scrollWidth > menu.clientWidth) {
        menu.scrollLeft = Math.max(0, current.offsetLeft - menu.offsetLeft - 24);
      }
    });
  }

  function enhance(doc) {
    var refresh = debounce(function () {
      updateDocumentCounter(doc);
      updateProgress(doc);
    }, 300);
    var counters = {};
    doc.addEventListener("input", function (event) {
      var input = event.target;
      if (input.hasAttribute && input.hasAttribute("data-counter")) {
        var id = input.getAttribute("data-counter");
        counters[id] = counters[id] || debounce(updateCounter, 300);
        counters[id](input);
      }
      refresh();
    });
    doc.addEventListener("change", function (event) {
      var input = event.target;
      if (input && input.type === "file" && input.hasAttribute("data-max-bytes")) { checkFileSize(input); }
      refresh();
    });
    doc.addEventListener("click", onClick);
    if (typeof window !== "undefined") {
      enableAutosave(doc);
      updateScrollHints(doc);
      showCurrentMenuItems(doc);
      window.addEventListener("resize", function () { updateScrollHints(doc); });
    }
  }

  return { countWords: countWords, countChars: countChars, normalise: normalise, enhance: enhance };
});
