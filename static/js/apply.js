// The request form works without this file; with it, 换一张 swaps the captcha image in place
// (keeping chosen attachments) and a second click on 提交申请 sends nothing.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-refresh-url]")) {
    button.type = "button";
    button.addEventListener("click", async () => {
      const row = button.closest(".captcha-row");
      const response = await fetch(button.dataset.refreshUrl, {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const data = await response.json();
      row.querySelector("img").src = data.image_url;
      row.querySelector("input[type=hidden]").value = data.key;
      const answer = row.querySelector("input:not([type=hidden])");
      answer.value = "";
      answer.focus();
    });
  }
  for (const form of document.querySelectorAll("form.apply-form")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      const button = form.querySelector("button[data-once]");
      button.dataset.label = button.textContent;
      button.textContent = "正在提交……";
      button.setAttribute("aria-disabled", "true");
    });
  }
  // Published items matching the description, offered before sending: advice, never a block.
  const suggestions = document.getElementById("published-suggestions");
  const description = document.querySelector("textarea[name=description]");
  if (suggestions && description) {
    description.addEventListener("change", async () => {
      const text = description.value.trim();
      if (text.length < 2) {
        suggestions.replaceChildren();
        return;
      }
      const response = await fetch(suggestions.dataset.url + encodeURIComponent(text), {
        credentials: "same-origin",
      });
      if (response.ok) suggestions.innerHTML = await response.text();
    });
  }
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
// Back to a form already sent (from the browser's page cache): let it be sent again; the
// server recognises the same form and shows the first receipt.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const form of document.querySelectorAll("form.apply-form")) {
    delete form.dataset.sent;
    const button = form.querySelector("button[data-once]");
    if (button.dataset.label) button.textContent = button.dataset.label;
    button.removeAttribute("aria-disabled");
  }
});
