/* Drives Pagefind's UI on search.html: paths relative to this page (mirrors live under
   any sub-path), filters by 类型 and 部门, and the query prefilled from ?q=. */
(function () {
  "use strict";
  /* Pagefind's box has only a placeholder and title; give it a visible label (WCAG 3.3.2). */
  function labelSearchBox(box) {
    var input = box.querySelector(".pagefind-ui__search-input");
    if (!input) {
      return;
    }
    input.id = "portal-search-input";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "portal-search-label";
    label.textContent = "搜索关键词：单位名称、统一社会信用代码、文号或违法事实中的词语";
    box.parentNode.insertBefore(label, box);
  }

  /* The bundle holds every value HTML-escaped (search/static_index.py as_html): Pagefind's UI
     inserts filter labels and excerpts as HTML, so those show as text. Titles and other
     metadata it inserts as text, so they are decoded here first, or they would show
     "&lt;b&gt;". DOMParser makes an inert document: nothing in it loads or runs. */
  var parser = new DOMParser();
  function decode(text) {
    return parser.parseFromString(String(text), "text/html").documentElement.textContent;
  }
  /* Records reach Pagefind grouped by listing page (search/static_index.py): a group's address
     is page?g=n, each record a sub-result at page#anchor, and the records' titles are the
     metadata "t" ("anchor:: title" one after another). Show the group as its best-matching
     record: that record's title, excerpt and permalink; "t" is not shown as a metadata line. */
  var TITLE = /(?:^|\s)(r[0-9a-f]{12}):: /g;
  function titles(text) {
    var out = {};
    var marks = [];
    var m;
    TITLE.lastIndex = 0;
    while ((m = TITLE.exec(String(text || ""))) !== null) {
      marks.push({ id: m[1], start: m.index + m[0].length, end: m.index });
    }
    marks.forEach(function (mark, i) {
      var stop = i + 1 < marks.length ? marks[i + 1].end : String(text).length;
      out[mark.id] = String(text).slice(mark.start, stop);
    });
    return out;
  }
  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, w) {
      return sum + (w.balanced_score || w.weight || 0);
    }, 0);
  }
  function showBestRecord(result) {
    if (!/\?g=\d+$/.test(result.url || "")) {
      return result;
    }
    var best = null;
    (result.sub_results || []).forEach(function (sub) {
      if (String(sub.url).indexOf("#") >= 0 && (best === null || score(sub) > score(best))) {
        best = sub;
      }
    });
    var page = result.url.replace(/\?g=\d+$/, "");
    var meta = {};
    Object.keys(result.meta || {}).forEach(function (key) {
      if (key !== "t") {
        meta[key] = result.meta[key];
      }
    });
    if (best !== null) {
      var anchor = String(best.url).split("#")[1];
      result.url = page + "#" + anchor;
      meta.title = titles((result.meta || {}).t)[anchor] || meta.title;
      result.excerpt = best.excerpt;
    } else {
      result.url = page;
    }
    result.meta = meta;
    result.sub_results = [];
    return result;
  }
  function showMetaAsText(result) {
    result = showBestRecord(result);
    var meta = result.meta || {};
    Object.keys(meta).forEach(function (key) {
      if (key !== "url" && key !== "image") {
        meta[key] = decode(meta[key]);
      }
    });
    return result;
  }

  function start() {
    var box = document.getElementById("portal-search");
    if (!box || typeof window.PagefindUI !== "function") {
      return;
    }
    var base = new URL(box.getAttribute("data-base") || "./", document.baseURI).pathname;
    var bundle = new URL(box.getAttribute("data-bundle") || "pagefind/", document.baseURI).pathname;
    var ui = new window.PagefindUI({
      element: "#portal-search",
      baseUrl: base,
      bundlePath: bundle,
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      openFilters: ["类型", "部门"],
      pageSize: 10,
      processResult: showMetaAsText
    });
    labelSearchBox(box);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      var header = document.getElementById("site-search-q");
      if (header) {
        header.value = q;
      }
      ui.triggerSearch(q);
    }
    var note = document.getElementById("search-needs-script");
    if (note) {
      note.hidden = true;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
