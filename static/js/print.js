// A button with data-print prints the page (the print styles leave the content only).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
