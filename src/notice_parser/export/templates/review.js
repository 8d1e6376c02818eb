(function () {
  "use strict";
  var root = document.documentElement;
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1500);
  }
  // Text → table: a click on a directive shows its row.
  each(".hl.directive, .hl.heading", function (el) {
    el.addEventListener("click", function (event) {
      var row = document.getElementById("t-" + el.getAttribute("data-dir"));
      if (row) { row.scrollIntoView({block: "nearest"}); flash(row); event.stopPropagation(); }
    });
  });
  // Table → text: hovering a row lights its directive up.
  function light(id, on) {
    each(".hl[data-dir]", function (el) {
      if (el.getAttribute("data-dir") === id) { el.classList.toggle("active", on); }
    });
  }
  each("tr[data-dir]", function (row) {
    var id = row.getAttribute("data-dir");
    row.addEventListener("mouseenter", function () { light(id, true); });
    row.addEventListener("mouseleave", function () { light(id, false); });
  });
  // Repairs: show the words as they were read (the first piece of an edit carries them).
  var original = document.getElementById("show-original");
  if (original) {
    original.addEventListener("change", function () {
      each(".hl.edit, .hl.uncertain", function (el) {
        if (el.dataset.after === undefined) { el.dataset.after = el.innerHTML; }
        if (!original.checked) { el.innerHTML = el.dataset.after; return; }
        el.textContent = el.dataset.before !== undefined ? el.dataset.before : "";
      });
      root.classList.toggle("original", original.checked);
    });
  }
  var marks = document.getElementById("show-edits");
  if (marks) {
    marks.addEventListener("change", function () { root.classList.toggle("hide-edits", !marks.checked); });
  }
  // Overdue: the page is written once per notice, so the day is the reader's.
  var now = new Date();
  var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
    String(now.getDate()).padStart(2, "0");
  each("tr[data-due]", function (row) {
    if (row.getAttribute("data-due") < today) { row.classList.add("overdue"); }
  });
  root.setAttribute("data-ready", "1");
})();
