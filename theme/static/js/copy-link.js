// "Chép liên kết" copies the article's address and says so in the status line beside it.
// Without this script it stays a plain link to the article: press and hold (or right-click) to
// copy it. The Clipboard API needs a secure page (https, or localhost); elsewhere the older
// execCommand route is tried before saying that copying failed.
function copyByCommand(text) {
  const field = document.createElement("textarea");
  field.value = text;
  field.setAttribute("readonly", "");
  field.style.position = "fixed";
  field.style.opacity = "0";
  document.body.append(field);
  field.select();
  try {
    return document.execCommand("copy");
  } finally {
    field.remove();
  }
}

for (const link of document.querySelectorAll("a.copy-link")) {
  const status = link.closest(".share")?.querySelector(".copy-status");
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    let copied = false;
    try {
      await navigator.clipboard.writeText(link.href);
      copied = true;
    } catch {
      copied = copyByCommand(link.href);
    }
    if (status) {
      status.textContent = "";
      status.textContent = copied ? `${link.dataset.copied}: ${link.href}` : link.dataset.failed;
    }
    link.classList.toggle("copied", copied);
  });
}
