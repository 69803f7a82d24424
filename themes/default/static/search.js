// The search page, on Pagefind's own API (pagefind.js): results with their type, branch and
// date, an excerpt that starts at a sentence, 相关度/最新, filters in the site's order, and
// the page a query names exactly (a 文号, a branch, its secretary: pagefind/search-exact.json,
// written by the build) first. Record text is put into the page as text, never as HTML.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  // The site root as an absolute path ("" on a top-level page: resolve "./" against it).
  var base = new URL(box.getAttribute("data-root") + "./", window.location.href).pathname;
  var merged = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean);
  var input = document.getElementById("search-input");
  var sortBox = document.getElementById("search-sort");
  var filtersBox = document.getElementById("search-filter-groups");
  var filtersOuter = document.getElementById("search-filters");
  var message = document.getElementById("search-message");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  // Results whose text is fetched at once (Pagefind fetches one small fragment per result).
  var HEAD = 30;
  // How far before the first match an excerpt may start, and how long it is.
  var EXCERPT = 110;

  /** The normalised query, as src/present/search.rs `key` makes the keys. */
  function searchKey(text) {
    var plain = "";
    for (var ch of String(text)) {
      var c = ch.codePointAt(0);
      if (c >= 0xff01 && c <= 0xff5e) ch = String.fromCodePoint(c - 0xfee0);
      ch = ch.toLowerCase();
      if (/[\p{Alphabetic}\p{N}]/u.test(ch)) plain += ch;
    }
    var m = /^(\D*?)(\d{4})年?第?(\d{1,5})号?$/u.exec(plain);
    if (m && !/\d/.test(m[1])) return m[1] + m[2] + "-" + parseInt(m[3], 10);
    return plain;
  }
  window.dangjianSearchKey = searchKey;

  var state = { query: "", sort: "relevance", filters: {} };
  var pagefind = null;
  var exact = { keys: {}, pages: {}, order: {}, meta: ["类型", "支部", "日期"] };
  var allFilters = {};
  var shown = null; // { items, next, urls }
  var generation = 0;

  var loading = null;

  /** Pagefind with every shard merged, the exact names and the filters: loaded once. */
  function load() {
    return loading || (loading = loadOnce());
  }

  async function loadOnce() {
    var pf = await import(base + "pagefind/pagefind.js");
    await pf.options({ baseUrl: base, excerptLength: 30 });
    for (var b of merged) await pf.mergeIndex(base + b);
    pagefind = pf;
    try {
      var r = await fetch(base + "pagefind/search-exact.json");
      if (r.ok) exact = Object.assign(exact, await r.json());
    } catch (e) {
      // Without it the search still works, ranked by Pagefind alone.
    }
    allFilters = await pagefind.filters();
    drawFilters(allFilters);
    return pagefind;
  }

  /** Filter values in the configured order, then the rest (years newest first). */
  function ordered(name, values) {
    var order = exact.order[name] || [];
    var rest = values.filter(function (v) { return order.indexOf(v) < 0; });
    rest.sort(function (a, b) { return /^\d+$/.test(a) && /^\d+$/.test(b) ? b - a : a.localeCompare(b, "zh"); });
    return order.filter(function (v) { return values.indexOf(v) >= 0; }).concat(rest);
  }

  var FILTER_NAMES = ["类型", "支部", "年份"];

  function drawFilters(counts) {
    filtersBox.textContent = "";
    var names = FILTER_NAMES.filter(function (n) { return allFilters[n]; })
      .concat(Object.keys(allFilters).filter(function (n) { return FILTER_NAMES.indexOf(n) < 0; }));
    for (var name of names) {
      var set = document.createElement("fieldset");
      set.className = "search-filter";
      var legend = document.createElement("legend");
      legend.textContent = name;
      set.appendChild(legend);
      var values = ordered(name, Object.keys(allFilters[name]));
      var chosen = state.filters[name] || [];
      for (var v of values) {
        var n = counts && counts[name] ? counts[name][v] || 0 : allFilters[name][v];
        // What the results have, and every value of a group a choice was made in.
        if (n === 0 && !chosen.length) continue;
        var label = document.createElement("label");
        var box2 = document.createElement("input");
        box2.type = "checkbox";
        box2.name = name;
        box2.value = v;
        box2.checked = chosen.indexOf(v) >= 0;
        box2.addEventListener("change", onFilter);
        label.appendChild(box2);
        label.appendChild(document.createTextNode(" " + v + " "));
        var count = document.createElement("span");
        count.className = "search-count";
        count.textContent = "(" + n + ")";
        label.appendChild(count);
        if (n === 0 && !box2.checked) label.className = "search-empty";
        set.appendChild(label);
      }
      if (set.querySelector("input")) filtersBox.appendChild(set);
    }
    filtersOuter.hidden = names.length === 0;
  }

  function onFilter(e) {
    var name = e.target.name;
    var chosen = [].slice.call(filtersBox.querySelectorAll("input[name='" + CSS.escape(name) + "']:checked"))
      .map(function (x) { return x.value; });
    if (chosen.length) state.filters[name] = chosen;
    else delete state.filters[name];
    run();
  }

  function pagefindFilters() {
    var out = {};
    for (var name in state.filters) out[name] = { any: state.filters[name] };
    return out;
  }

  /** Whether a page named exactly passes the filters chosen. */
  function passes(page) {
    for (var name in state.filters) {
      var have = (page.filters && page.filters[name]) || [];
      if (!state.filters[name].some(function (v) { return have.indexOf(v) >= 0; })) return false;
    }
    return true;
  }

  /** The pages the query names exactly, as results. */
  function named(query) {
    var paths = exact.keys[searchKey(query)] || [];
    return paths
      .filter(function (p) { return exact.pages[p] && passes(exact.pages[p]); })
      .map(function (p) {
        var page = exact.pages[p];
        return { url: base + p, meta: page.meta || {}, content: null, excerpt: "" };
      });
  }

  async function run() {
    var mine = ++generation;
    var query = state.query.trim();
    var hasFilters = Object.keys(state.filters).length > 0;
    if (!query && !hasFilters) {
      list.textContent = "";
      message.textContent = "";
      more.hidden = true;
      if (pagefind) drawFilters(null);
      return;
    }
    message.textContent = "正在搜索……";
    var pf = await load();
    var options = { filters: pagefindFilters() };
    if (state.sort === "newest") options.sort = { newest: "asc" };
    var r = await pf.search(query || null, options);
    if (mine !== generation || !r) return;
    var items = r.results.map(function (x) { return { result: x }; });
    // The first results' texts, fetched together: to show a page named exactly once, and to
    // put the records titled with the query before those that only mention it.
    var headSize = state.sort === "newest" ? newestHead() : HEAD;
    var head = items.slice(0, headSize);
    var data = await Promise.all(head.map(function (i) { return i.result.data(); }));
    if (mine !== generation) return;
    head.forEach(function (item, k) { item.data = data[k]; });
    if (state.sort === "newest") head = byNewest(head);
    var first = query ? named(query) : [];
    var urls = {};
    first.forEach(function (x) {
      urls[x.url] = true;
      for (var item of head) {
        if (item.data.url === x.url && !item.skip) {
          // Found by Pagefind too: shown once, first, with Pagefind's text.
          item.skip = true;
          x.found = item.data;
        }
      }
    });
    if (query && state.sort === "relevance") {
      var titled = head.filter(function (i) { return inTitle(i.data, query); });
      head = titled.concat(head.filter(function (i) { return !inTitle(i.data, query); }));
    }
    var firstItems = first.map(function (x) { return { done: x.found || x }; });
    shown = { items: firstItems.concat(head, items.slice(headSize)), next: 0, urls: urls, query: query };
    var total = r.results.length + first.filter(function (x) { return !x.found; }).length;
    list.textContent = "";
    message.textContent = total
      ? "找到 " + total + " 条结果" + (query ? "：“" + query + "”" : "")
      : "没有找到与“" + query + "”相关的结果";
    drawFilters(r.filters);
    await showMore(mine);
  }

  /** How many results 最新 puts in date order. Each index sorts its own results, and Pagefind
   * merges the indexes by a result's place in its own index: a page among the first PAGE is
   * among the first PAGE of its index, so among the first PAGE × indexes merged. */
  function newestHead() {
    return Math.min(Math.max(HEAD, PAGE * (merged.length + 1)), 100);
  }

  /** Results in date order, newest first, by the sort value the build gave each page (its
   * `newest` key grows as the date gets older); a stable sort keeps Pagefind's order on ties. */
  function byNewest(items) {
    var key = function (i) { return (i.data && i.data.sort && i.data.sort.newest) || "n99999999"; };
    return items
      .map(function (item, k) { return { item: item, k: k, key: key(item) }; })
      .sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : a.k - b.k; })
      .map(function (x) { return x.item; });
  }

  /** Lower case, letters and digits only: for comparing a title with a query. */
  function plainText(text) {
    return Array.from(String(text).toLowerCase()).filter(function (ch) {
      return /[\p{Alphabetic}\p{N}]/u.test(ch);
    }).join("");
  }

  /** Whether every word of the query is in the result's title. */
  function inTitle(d, query) {
    var title = plainText(d.meta.title || "");
    return query.split(/\s+/).every(function (w) { return !plainText(w) || title.indexOf(plainText(w)) >= 0; });
  }

  async function showMore(mine) {
    var s = shown;
    var added = 0;
    while (s.next < s.items.length && added < PAGE) {
      var item = s.items[s.next++];
      if (item.skip) continue;
      var d = item.done || item.data || (await item.result.data());
      if (mine !== generation) return;
      if (!item.done && s.urls[d.url]) continue;
      list.appendChild(draw(d, s.query));
      added++;
    }
    more.hidden = s.next >= s.items.length;
  }

  function draw(d, query) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    h.className = "search-result-title";
    var a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.meta.title || d.url;
    h.appendChild(a);
    li.appendChild(h);
    var facts = document.createElement("p");
    facts.className = "search-result-meta";
    for (var label of exact.meta) {
      if (!d.meta[label] || (label === "支部" && d.meta[label] === d.meta.title)) continue;
      var span = document.createElement("span");
      span.className = "search-fact";
      span.setAttribute("data-label", label);
      span.textContent = d.meta[label];
      facts.appendChild(span);
    }
    li.appendChild(facts);
    if (d.content) {
      var p = document.createElement("p");
      p.className = "search-result-excerpt";
      excerpt(p, d, query);
      if (p.childNodes.length) li.appendChild(p);
    }
    return li;
  }

  /** The words Pagefind matched (its excerpt marks them), longest first. */
  function matched(d, query) {
    var words = [];
    if (d.excerpt) {
      var doc = new DOMParser().parseFromString(d.excerpt, "text/html");
      doc.querySelectorAll("mark").forEach(function (m) {
        var w = m.textContent.replace(/\u200b/g, "").trim();
        if (w && words.indexOf(w) < 0) words.push(w);
      });
    }
    var typed = (query || "").split(/\s+/).filter(Boolean);
    typed.forEach(function (w) {
      if (words.indexOf(w) < 0) words.push(w);
    });
    // A single character Pagefind matched inside a longer query word (党 of 党纪学习教育)
    // would mark half the text.
    words = words.filter(function (w) { return w.length > 1 || typed.indexOf(w) >= 0; });
    return words.sort(function (a, b) { return b.length - a.length; });
  }

  var SENTENCE_END = /[。！？!?；;\n]/;

  /** The excerpt of a result: from the start of the sentence with the first match in the
   * record's text, else in its facts (the document is "title names 。facts。text", see
   * src/site/search.rs `SearchDoc::of`), the matches marked. */
  function excerpt(p, d, query) {
    var text = d.content.replace(/\u200b/g, "").replace(/\s+/g, " ");
    var title = (d.meta.title || "").replace(/\s+/g, "");
    var one = text.indexOf("。", Math.max(0, Math.min(title.length, text.length) - 4));
    var two = one >= 0 ? text.indexOf("。", one + 1) : -1;
    var facts = one >= 0 && two >= 0 ? text.slice(one + 1, two).trim() : "";
    var body = (two >= 0 ? text.slice(two + 1) : one >= 0 ? text.slice(one + 1) : text).trim();
    var words = matched(d, query);
    var first = function (s) {
      // The words as typed, where the text has them, else the earliest word matched.
      var whole = s.indexOf((query || "").trim());
      if (query && query.trim() && whole >= 0) return whole;
      var at = -1;
      for (var w of words) {
        var i = s.indexOf(w);
        if (i >= 0 && (at < 0 || i < at)) at = i;
      }
      return at;
    };
    var source = body, at = first(body);
    if (at < 0 && first(facts) >= 0) { source = facts; at = first(facts); }
    if (!source) source = facts;
    if (!source) return;
    var start = 0;
    for (var j = at - 1; j >= 0; j--) {
      if (SENTENCE_END.test(source[j])) { start = j + 1; break; }
    }
    var end = Math.max(start + EXCERPT, at + 40);
    var piece = source.slice(start, end).trim();
    if (end < source.length) piece += "……";
    mark(p, piece, words);
  }

  function mark(p, text, words) {
    var i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      for (var w of words) {
        var k = text.indexOf(w, i);
        if (k >= 0 && (best < 0 || k < best || (k === best && w.length > len))) { best = k; len = w.length; }
      }
      if (best < 0) { p.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) p.appendChild(document.createTextNode(text.slice(i, best)));
      var m = document.createElement("mark");
      m.textContent = text.slice(best, best + len);
      p.appendChild(m);
      i = best + len;
    }
  }

  var timer = null;
  input.addEventListener("input", function () {
    state.query = input.value;
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = new URL(window.location.href);
      if (state.query.trim()) url.searchParams.set("q", state.query.trim());
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      run();
    }, 200);
  });
  // Enter searches at once rather than reloading the page.
  document.getElementById("search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    state.query = input.value;
    run();
  });
  sortBox.addEventListener("change", function () {
    state.sort = sortBox.value;
    run();
  });
  more.addEventListener("click", function () { showMore(generation); });

  /** For tests and the 20-query guard: the ordered result URLs of a query (as shown). */
  window.dangjianSearch = async function (query, sort, limit) {
    state.query = query;
    input.value = query;
    state.sort = sort || "relevance";
    sortBox.value = state.sort;
    await run();
    var urls = [];
    for (var item of shown ? shown.items : []) {
      if (item.skip) continue;
      var d = item.done || item.data || (await item.result.data());
      if (!item.done && shown.urls[d.url]) continue;
      urls.push(d.url);
      if (limit && urls.length >= limit) break;
    }
    return urls;
  };

  // On a phone the filters would fill the first screen: closed until asked for.
  if (window.matchMedia("(max-width: 640px)").matches) filtersOuter.open = false;

  load().then(function () {
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; state.query = q; run(); }
  });
  input.focus();
})();
