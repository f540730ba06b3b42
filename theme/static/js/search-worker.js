// The search engine of the search page, in a worker so that the page's main thread stays free:
// Pagefind (its JS and WebAssembly) and the excerpts run here; search.js sends the queries and
// shows the results it gets back, ready to display.
//
// Messages from search.js: {bundle} (load the engine: Pagefind's folder), {bundle, ticket,
// query} (search), {bundle, ticket, from} (the next results of the current search). Answers:
// {ticket, total, items} (items: {url, title, facts, excerpt: [[text, marked], …]}) or
// {ticket, error}.
//
// The index is a rewritten copy of the site (plugins/search), which this file undoes on display:
// - Pagefind folds accents but not "đ", which has no Unicode decomposition: every đ is indexed as
//   "d" + U+0335 (a combining stroke that Pagefind's folding drops), and the query is written so;
// - only the first few occurrences of a word in a page are indexed: the others are written in
//   Private Use Area characters (U+E000 + the code point; Latin Extended Additional after U+E250).
const STROKE = "\u0335";
const PER_PAGE = 8;
const toIndex = (text) => text.normalize("NFC").toLocaleLowerCase("vi").replace(/đ/g, "d" + STROKE);
const fromPrivate = (char) => {
  const offset = char.charCodeAt(0) - 0xe000;
  return String.fromCharCode(offset < 0x250 ? offset : offset - 0x250 + 0x1e00);
};
const fromIndex = (text) =>
  text
    .replace(/[\ue000-\ue34f]/g, fromPrivate)
    .replace(/d\u0335/g, "đ")
    .replace(/D\u0335/g, "Đ");

let engine = null;
function load(bundle) {
  // In a worker Pagefind runs on the thread that imports it (it starts a worker of its own only
  // from a page), and takes the language of the index: the site has one, Vietnamese. Results link
  // to paths on this site, as Pagefind makes them on a page.
  const url = new URL(bundle, location.href);
  const basePath = url.origin === location.origin ? url.pathname : url.href;
  engine ??= import(url.href + "pagefind.js").then(async (pagefind) => {
    await pagefind.options({ basePath });
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
// which every word is present; the byline and the reading time are not indexed): a passage of
// WINDOW words. Marked is the query as a phrase where the page holds it ("đại học", not every
// "học" of the page), else each query word when the page holds them all, else nothing; words
// typed with the same accents weigh more in choosing the passage. The excerpt is a list of
// [text, marked] parts: one marked part for a whole phrase, the punctuation around it outside.
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
  // The passage holding the most of the query's words, then the most marked words: where the
  // words stand apart, one passage with "đại" and "học" rather than one with "học" three times.
  const counts = new Array(terms.length).fill(0);
  let distinct = 0;
  let sum = 0;
  const slide = (i, sign) => {
    if (i >= words.length) return;
    sum += sign * weight[i];
    if (!marked[i]) return;
    counts[hits[i]] += sign;
    if (counts[hits[i]] === (sign > 0 ? 1 : 0)) distinct += sign;
  };
  for (let i = 0; i < WINDOW; i++) slide(i, 1);
  let start = 0;
  let best = [-1, -1];
  for (let s = 0; ; s++) {
    if (distinct > best[0] || (distinct === best[0] && sum > best[1])) [best, start] = [[distinct, sum], s];
    if (s + WINDOW >= words.length) break;
    slide(s, -1);
    slide(s + WINDOW, 1);
  }
  const parts = [];
  const add = (text, mark) => {
    const last = parts[parts.length - 1];
    if (last && last[1] === mark) last[0] += text;
    else parts.push([text, mark]);
  };
  if (start > 0) add("… ", false);
  let open = false; // a marked part is open: the next marked word joins it
  words.slice(start, start + WINDOW).forEach((word, i) => {
    if (!marked[start + i]) {
      open = false;
      add((i ? " " : "") + word, false);
      return;
    }
    const [, before, core, after] = word.match(/^(\p{P}*)(.*?)(\p{P}*)$/u);
    if (open && !before) {
      add(" " + core, true);
    } else {
      add((i ? " " : "") + before, false);
      parts.push([core, true]);
    }
    open = !after;
    if (after) add(after, false);
  });
  if (start + WINDOW < words.length) add(" …", false);
  return parts.filter(([text]) => text);
}

// Pagefind ranks pages by their words, not by where the words stand: among the first results,
// pages holding the query as a phrase ("đại học", not "đại diện … học") come first.
function hasPhrase(content, query) {
  const { terms, hits } = termsOf(fromIndex(content).split(/\s+/), query);
  return terms.length > 1 && phraseStarts(hits, terms.length).length > 0;
}

function shown(item, query) {
  const facts = [item.meta.kind, item.meta.date, item.meta.author].filter(Boolean).map(fromIndex);
  return {
    url: item.url,
    title: fromIndex(item.meta.title || item.url),
    facts: facts.join(" · "),
    excerpt: excerpt(item.content, query, item.meta),
  };
}

let current = { ticket: 0, query: "", results: [] };

async function page(from) {
  const { query, results } = current;
  let items = await Promise.all(results.slice(from, from + PER_PAGE).map((result) => result.data()));
  if (from === 0) {
    const phrase = items.map((item) => hasPhrase(item.content, query));
    items = items.map((item, i) => [item, i]).sort(([, a], [, b]) => phrase[b] - phrase[a] || a - b);
    items = items.map(([item]) => item);
  }
  return items.map((item) => shown(item, query));
}

self.onmessage = async ({ data }) => {
  const { bundle, ticket, query, from } = data;
  try {
    const pagefind = await load(bundle);
    if (query !== undefined) {
      const response = await pagefind.search(toIndex(query));
      current = { ticket, query, results: response.results };
      postMessage({ ticket, total: current.results.length, items: await page(0) });
    } else if (from !== undefined && ticket === current.ticket) {
      postMessage({ ticket, total: current.results.length, items: await page(from) });
    }
  } catch (error) {
    postMessage({ ticket, error: String(error) });
  }
};
