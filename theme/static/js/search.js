// Tìm kiếm: the site's own small UI over Pagefind. Only the search page loads this file; the
// engine (Pagefind and the excerpts) runs in a worker, search-worker.js, started only when a
// search is near (see the end), so the page stays responsive while it loads and searches.
const form = document.querySelector("form[data-pagefind]");
const input = form.querySelector("input[name=q]");
const status = document.getElementById("trang-thai");
const empty = document.querySelector(".search-empty");
const list = document.getElementById("ket-qua");
const more = document.querySelector(".search-more");
const bundle = form.dataset.pagefind;
let worker = null;
let total = 0;
let shown = 0;
let ticket = 0;
let timer = 0;
let pending = null; // resolves the question the page waits for with the worker's answer

function answer(data) {
  const resolve = pending;
  pending = null;
  resolve?.(data);
}

function engine() {
  if (!worker) {
    worker = new Worker(new URL("search-worker.js", import.meta.url), { type: "module" });
    worker.onmessage = ({ data }) => data.ticket === ticket && answer(data);
    worker.onerror = () => {
      worker = null; // the next search tries again
      answer({ error: true });
    };
    worker.postMessage({ bundle });
  }
  return worker;
}

// Asks the worker about the current search; an older question's answer is no longer wanted.
function ask(message) {
  answer(null);
  return new Promise((resolve) => {
    pending = resolve;
    engine().postMessage({ bundle, ticket, ...message });
  });
}

function render(item) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = item.title;
  heading.append(link);
  li.append(heading);
  if (item.facts) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = item.facts;
    li.append(meta);
  }
  const text = document.createElement("p");
  text.className = "search-excerpt";
  for (const [part, marked] of item.excerpt) {
    if (!marked) {
      text.append(part);
      continue;
    }
    const mark = document.createElement("mark");
    mark.textContent = part;
    text.append(mark);
  }
  li.append(text);
  return li;
}

function show(items) {
  list.append(...items.map(render));
  shown += items.length;
  more.hidden = shown >= total;
}

async function search(query) {
  const mine = ++ticket;
  const q = query.trim();
  history.replaceState(null, "", q ? `?q=${encodeURIComponent(q)}` : location.pathname);
  if (!q) {
    total = 0;
    list.replaceChildren();
    status.textContent = "";
    empty.hidden = more.hidden = true;
    return;
  }
  status.textContent = "Đang tìm…";
  const data = await ask({ query: q });
  if (mine !== ticket || !data) return;
  list.replaceChildren();
  if (data.error) {
    status.textContent = "Không tải được bộ tìm kiếm.";
    empty.hidden = false;
    more.hidden = true;
    return;
  }
  total = data.total;
  shown = 0;
  show(data.items);
  const count = total.toLocaleString("vi");
  status.textContent = total ? `Có ${count} kết quả cho “${q}”.` : `Không có kết quả nào cho “${q}”.`;
  empty.hidden = total > 0;
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
more.querySelector("button").addEventListener("click", async () => {
  const first = shown;
  const data = await ask({ from: shown });
  if (!data || data.error) return;
  show(data.items);
  links()[first]?.focus();
});

// The engine is fetched when the reader is about to search: on focusing the box, or at once when
// the page is opened with a query (?q=…). A visit that searches nothing downloads nothing more.
input.addEventListener("focus", engine, { once: true });
const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (initial) search(initial);
