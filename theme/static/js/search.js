// Tìm kiếm: the site's own small UI over Pagefind's JS API. Only the search page loads this file.
//
// Pagefind folds accents but not "đ", which has no Unicode decomposition. plugins/search indexes
// every đ as "d" + U+0335 (a combining stroke that Pagefind's folding drops), so this file writes
// the query the same way and turns "d" + U+0335 back into "đ" in what it shows.
const STROKE = "\u0335";
const PER_PAGE = 10;
const toIndex = (text) => text.normalize("NFC").toLocaleLowerCase("vi").replace(/đ/g, "d" + STROKE);
const fromIndex = (text) => text.replace(/d\u0335/g, "đ").replace(/D\u0335/g, "Đ");

const form = document.querySelector("form[data-pagefind]");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("trang-thai");
const empty = document.querySelector(".search-empty");
const list = document.getElementById("ket-qua");
const more = document.querySelector(".search-more");
let engine = null;
let results = [];
let shown = 0;
let ticket = 0;
let timer = 0;

function load() {
  engine ??= import(form.dataset.pagefind + "pagefind.js").then(async (pagefind) => {
    await pagefind.options({ noWorker: true, excerptLength: 24 });
    await pagefind.init();
    return pagefind;
  });
  return engine;
}

function excerpt(html) {
  // Pagefind's excerpt is escaped text with <mark> around the matches; keep only those.
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    const text = fromIndex(node.textContent);
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = text;
      out.append(mark);
    } else {
      out.append(text);
    }
  }
  return out;
}

function render(item) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = fromIndex(item.meta.title || item.url);
  heading.append(link);
  li.append(heading);
  const facts = [item.meta.kind, item.meta.date].filter(Boolean).map(fromIndex).join(" · ");
  if (facts) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts;
    li.append(meta);
  }
  const text = document.createElement("p");
  text.className = "search-excerpt";
  text.append(excerpt(item.excerpt));
  li.append(text);
  return li;
}

async function showMore(mine) {
  const batch = results.slice(shown, shown + PER_PAGE);
  const items = await Promise.all(batch.map((result) => result.data()));
  if (mine !== ticket) return;
  list.append(...items.map(render));
  shown += batch.length;
  more.hidden = shown >= results.length;
}

async function search(query) {
  const mine = ++ticket;
  const q = query.trim();
  history.replaceState(null, "", q ? `?q=${encodeURIComponent(q)}` : location.pathname);
  if (!q) {
    results = [];
    list.replaceChildren();
    status.textContent = "";
    empty.hidden = more.hidden = true;
    return;
  }
  status.textContent = "Đang tìm…";
  let response;
  try {
    response = await (await load()).search(toIndex(q));
  } catch {
    if (mine !== ticket) return;
    status.textContent = "Không tải được bộ tìm kiếm.";
    empty.hidden = false;
    return;
  }
  if (mine !== ticket) return;
  results = response.results;
  shown = 0;
  list.replaceChildren();
  await showMore(mine);
  if (mine !== ticket) return;
  const count = results.length.toLocaleString("vi");
  status.textContent = results.length
    ? `Có ${count} kết quả cho “${q}”.`
    : `Không có kết quả nào cho “${q}”.`;
  empty.hidden = results.length > 0;
}

function links() {
  return [...list.querySelectorAll("h2 a")];
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  search(input.value);
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => search(input.value), 150);
});
// Arrow keys move between the box and the results; Tab works as everywhere else.
form.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" && event.target === input && links().length) {
    event.preventDefault();
    links()[0].focus();
  }
});
list.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const all = links();
  const at = all.indexOf(document.activeElement);
  if (at < 0) return;
  event.preventDefault();
  const next = at + (event.key === "ArrowDown" ? 1 : -1);
  (next < 0 ? input : all[Math.min(next, all.length - 1)]).focus();
});
more.querySelector("button").addEventListener("click", () => {
  const first = shown;
  showMore(ticket).then(() => links()[first]?.focus());
});

const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
load().catch(() => {});
if (initial) search(initial);
