// Tìm kiếm: the site's own small UI over Pagefind's JS API. Only the search page loads this file,
// and this file loads Pagefind only when a search is near (see the end).
//
// The index is a rewritten copy of the site (plugins/search), which this file undoes on display:
// - Pagefind folds accents but not "đ", which has no Unicode decomposition: every đ is indexed as
//   "d" + U+0335 (a combining stroke that Pagefind's folding drops), and the query is written so;
// - only the first few occurrences of a word in a page are indexed: the others are written in
//   Private Use Area characters (U+E000 + the code point; Latin Extended Additional after U+E250).
const STROKE = "\u0335";
const PER_PAGE = 10;
const toIndex = (text) => text.normalize("NFC").toLocaleLowerCase("vi").replace(/đ/g, "d" + STROKE);
const fromPrivate = (char) => {
  const offset = char.charCodeAt(0) - 0xe000;
  return String.fromCharCode(offset < 0x250 ? offset : offset - 0x250 + 0x1e00);
};
const fromIndex = (text) =>
  text
    .replace(/\s?\ue3ff\S*/g, "")
    .replace(/[\ue000-\ue34f]/g, fromPrivate)
    .replace(/d\u0335/g, "đ")
    .replace(/D\u0335/g, "Đ");

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
let searched = "";
let timer = 0;

function load() {
  engine ??= import(form.dataset.pagefind + "pagefind.js").then(async (pagefind) => {
    await pagefind.options({ noWorker: true });
    await pagefind.init();
    return pagefind;
  });
  return engine;
}

// Words as the index compares them: no accents, đ as d, lower case, letters and digits only.
const fold = (word) =>
  word
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

// Which query term each word of a text matches (-1: none): accents and case aside, đ as d; the
// last term also as a prefix, as it does in the search.
function termsOf(words, query) {
  const terms = query.split(/\s+/).map(fold).filter(Boolean);
  const last = terms.length - 1;
  return {
    terms,
    hits: words.map((word) => {
      const folded = fold(word);
      return terms.findIndex((t, i) => folded === t || (i === last && folded.startsWith(t)));
    }),
  };
}

// Where the query stands as typed, its words in order: the start of each run.
function phraseStarts(hits, count) {
  const starts = [];
  for (let i = 0; i + count <= hits.length; i++) {
    let all = true;
    for (let j = 0; j < count && all; j++) all = hits[i + j] === j;
    if (all) starts.push(i);
  }
  return starts;
}

// An article's text begins with its title and its author (the byline's other parts are not
// indexed): the result shows the title already, and an excerpt is never the byline.
function withoutHeading(words, meta) {
  let at = 0;
  for (const part of [meta.title, meta.author]) {
    const expected = fromIndex(part || "").split(/\s+/).map(fold).filter(Boolean);
    const here = words.slice(at, at + expected.length).map(fold);
    if (expected.length && expected.every((w, i) => w === here[i])) at += expected.length;
  }
  return at < words.length ? words.slice(at) : words;
}

// The excerpt is cut from the page's whole text (which Pagefind sends with each result, and in
// which every word is present; the byline and the reading time are not indexed): the passage of
// WINDOW words with the most marked words. Marked is the query as a phrase where the page holds
// it ("đại học", not every "học" of the page), else each query word when the page holds them all,
// else nothing; words typed with the same accents weigh more in choosing the passage.
const WINDOW = 26;
function excerpt(content, query, meta) {
  const words = withoutHeading(fromIndex(content).split(/\s+/).filter(Boolean), meta);
  const { terms, hits } = termsOf(words, query);
  const typed = new Set(
    query.normalize("NFC").toLocaleLowerCase("vi").split(/\s+/).map((t) => t.replace(/[^\p{L}\p{N}]/gu, "")),
  );
  const marked = new Array(words.length).fill(false);
  const starts = terms.length > 1 ? phraseStarts(hits, terms.length) : [];
  if (starts.length) {
    for (const s of starts) marked.fill(true, s, s + terms.length);
  } else if (terms.every((_, t) => hits.includes(t))) {
    // No phrase, but every word is in the page: mark them where they stand.
    hits.forEach((hit, i) => (marked[i] = hit >= 0));
  }
  const weight = words.map((word, i) =>
    marked[i] ? 10 + (typed.has(word.toLocaleLowerCase("vi").replace(/[^\p{L}\p{N}]/gu, "")) ? 1 : 0) : 0,
  );
  let start = 0;
  let best = -1;
  for (let s = 0; s < Math.max(1, words.length - WINDOW + 1); s++) {
    const score = weight.slice(s, s + WINDOW).reduce((a, b) => a + b, 0);
    if (score > best) [best, start] = [score, s];
  }
  const out = document.createDocumentFragment();
  if (start > 0) out.append("… ");
  // One <mark> for the whole phrase; the punctuation around it stays outside.
  let mark = null;
  words.slice(start, start + WINDOW).forEach((word, i) => {
    if (!marked[start + i]) {
      mark = null;
      out.append(i ? " " : "", word);
      return;
    }
    const [, before, core, after] = word.match(/^(\p{P}*)(.*?)(\p{P}*)$/u);
    if (mark && !before) {
      mark.append(" " + core);
    } else {
      mark = document.createElement("mark");
      mark.textContent = core;
      out.append(i ? " " : "", before, mark);
    }
    if (after) {
      out.append(after);
      mark = null;
    }
  });
  if (start + WINDOW < words.length) out.append(" …");
  return out;
}

function render(item, query) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = fromIndex(item.meta.title || item.url);
  heading.append(link);
  li.append(heading);
  const facts = [item.meta.kind, item.meta.date, item.meta.author].filter(Boolean).map(fromIndex).join(" · ");
  if (facts) {
    const meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = facts;
    li.append(meta);
  }
  const text = document.createElement("p");
  text.className = "search-excerpt";
  text.append(excerpt(item.content, query, item.meta));
  li.append(text);
  return li;
}

// Pagefind ranks pages by their words, not by where the words stand: among the first results,
// pages holding the query as a phrase ("đại học", not "đại diện … học") come first.
function hasPhrase(content, query) {
  const { terms, hits } = termsOf(fromIndex(content).split(/\s+/), query);
  return terms.length > 1 && phraseStarts(hits, terms.length).length > 0;
}

async function showMore(mine, query) {
  const batch = results.slice(shown, shown + PER_PAGE);
  let items = await Promise.all(batch.map((result) => result.data()));
  if (mine !== ticket) return;
  if (shown === 0) {
    const phrase = items.map((item) => hasPhrase(item.content, query));
    items = items.map((item, i) => [item, i]).sort(([, a], [, b]) => phrase[b] - phrase[a] || a - b);
    items = items.map(([item]) => item);
  }
  list.append(...items.map((item) => render(item, query)));
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
  searched = q;
  await showMore(mine, q);
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
  showMore(ticket, searched).then(() => links()[first]?.focus());
});

// The engine is fetched when the reader is about to search: on focusing the box, or at once when
// the page is opened with a query (?q=…). A visit that searches nothing downloads nothing more.
input.addEventListener("focus", () => load().catch(() => {}), { once: true });
const initial = new URLSearchParams(location.search).get("q") || "";
input.value = initial;
if (initial) search(initial);
