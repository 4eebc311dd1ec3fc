/* Santé Locale — progressive enhancement only: pages work without it. */
(function () {
  "use strict";
  // After a form error, the error summary takes the focus: it is read first, its links lead to the fields.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (field) { event.preventDefault(); field.focus(); }
      });
    });
  }
  // A table wider than the screen scrolls in its frame: a frame without any focusable cell gets
  // one tab stop (named after the table's caption) so that the keyboard can scroll it too.
  function scrollableFrames() {
    document.querySelectorAll(".table-wrap").forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth + 1;
      var focusable = frame.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
      if (scrolls && !focusable) {
        var caption = frame.querySelector("caption");
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", caption ? caption.textContent.trim() : "Tableau");
      } else if (!scrolls && frame.getAttribute("role") === "region") {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }
  scrollableFrames();
  window.addEventListener("resize", scrollableFrames);
  // Sortable tables: buttons in column headers, state announced through aria-sort.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = th.querySelector("button[data-sort]");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = button.dataset.sort === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var ca = a.cells[index], cb = b.cells[index];
          var va = numeric ? parseFloat(ca.dataset.value) : ca.textContent.trim();
          var vb = numeric ? parseFloat(cb.dataset.value) : cb.textContent.trim();
          var cmp = numeric ? va - vb : va.localeCompare(vb, "fr", { sensitivity: "base" });
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  // Articulation map: a checkbox per dispositif shows or hides its layer (keyboard: Tab, Space).
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("svg g.layer[data-layer='" + box.dataset.layer + "']").forEach(function (g) {
        g.classList.toggle("hidden", !box.checked);
      });
    });
  });
})();
