// A form shown again with errors starts with a summary (core/templates/core/forms/
// error_summary.html). Focus moves to it when the page opens, or when htmx puts such a form
// into the page, so that a screen reader reads the errors first; a link in it moves focus to
// its field and shows the field's label above it (a plain link to an input only scrolls). An
// input a template writes by hand with an id of its own is found by the field's name.

const SUMMARY = "[data-error-summary]";

function focusSummary(root) {
  const summary = root.matches?.(SUMMARY) ? root : root.querySelector?.(SUMMARY);
  if (summary) summary.focus();
}

/** What names the input, scrolled into view above it: the legend of a group of radios or
 * checkboxes, otherwise the input's label. */
function caption(input) {
  const group = input.closest("fieldset");
  const inGroup = group && input.name &&
    group.querySelectorAll(`[name="${CSS.escape(input.name)}"]`).length > 1;
  return (inGroup && group.querySelector("legend")) || input.labels?.[0] || input;
}

function moveToField(event) {
  const link = event.target.closest(`${SUMMARY} a[href^="#"]`);
  if (!link) return;
  const input = document.getElementById(decodeURIComponent(link.hash.slice(1))) ||
    link.closest("form")?.querySelector(`[name="${CSS.escape(link.dataset.name || "")}"]`);
  if (!input) return;
  event.preventDefault();
  caption(input).scrollIntoView();
  input.focus({ preventScroll: true });
}

document.addEventListener("click", moveToField);
document.addEventListener("htmx:afterSettle", (event) => focusSummary(event.detail.elt));
focusSummary(document);
