// Callwire console: the little script every page shares (no inline script: the CSP forbids it).
// Copy buttons: <button data-copy="#element-id">, copies the element's text.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  const text = source.value !== undefined && source.tagName !== "BUTTON" ? source.value || source.textContent : source.textContent;
  try {
    await navigator.clipboard.writeText(text.trim());
    button.textContent = "Copied";
  } catch (e) {
    // clipboard refused (plain HTTP, permissions): select the text so Ctrl+C works
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = "Press Ctrl+C";
  }
  const status = document.getElementById("copy-status");
  if (status) status.textContent = button.textContent;
});
// Confirmations: <form data-confirm="Delete this webhook?">
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
