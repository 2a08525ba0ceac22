// Small helpers that make pages nicer with JavaScript; every page works without it.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Tables on a phone stack each row into lines (static/css/seedbed.css); each cell is told its
// column's name so the line reads "Amount: £1,500". Cells that span every column (a note across
// the table) and columns without a visible name are left as they are.
function nameCells(table) {
  const headers = [...table.querySelectorAll("thead tr:last-child th")].flatMap((th) =>
    Array(Number(th.colSpan) || 1).fill(
      th.querySelector(".govuk-visually-hidden") ? "" : th.textContent.trim(),
    ),
  );
  if (!headers.length) return;
  table.querySelectorAll("tbody tr").forEach((row) => {
    let column = 0;
    [...row.cells].forEach((cell) => {
      const name = headers[column] || "";
      const span = Number(cell.colSpan) || 1;
      if (cell.tagName === "TD" && name && span < headers.length && !cell.dataset.label) {
        cell.dataset.label = name;
      }
      column += span;
    });
  });
}

document.querySelectorAll("main .govuk-table").forEach(nameCells);

// A sortable table on a phone shows "Sort by:" before its column links (static/css/seedbed.css),
// in the page's language (the layout's data-words-sort-by; none on an English page).
const sortBy = document.body.dataset.wordsSortBy;
if (sortBy) {
  document.querySelectorAll("main .seedbed-sortable thead tr").forEach((row) => {
    row.dataset.sortBy = sortBy;
  });
}

// Pressing "Sign out" removes every copy of typed words kept on this phone or computer
// (static/js/autosave.js), so the next person to use it does not find them.
const KEPT_PREFIX = "seedbed:kept:";
document.querySelectorAll("form[data-sign-out]").forEach((form) => {
  form.addEventListener("submit", () => {
    document.documentElement.dataset.signingOut = "true";
    try {
      Object.keys(localStorage)
        .filter((key) => key.startsWith(KEPT_PREFIX))
        .forEach((key) => localStorage.removeItem(key));
    } catch {
      // Storage turned off: nothing was kept.
    }
  });
});
