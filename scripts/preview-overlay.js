/* make serve only (scripts/serve.py adds it to each page as it is served; no file on disk has it).
   Shows the build's errors over the page, warnings in a bar, and reloads once a build has
   changed the page's file (the server sends the digest of the file with each page). */
(function () {
  "use strict";
  var script = document.currentScript;
  var build = Number(script.getAttribute("data-xem-thu"));
  var version = script.getAttribute("data-xem-thu-ban");
  var panel = null;
  var bar = null;

  function el(tag, text, css) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (css) node.style.cssText = css;
    return node;
  }

  function item(entry) {
    var li = el("li", "", "margin:0 0 1em;padding:0;list-style:none");
    if (entry.where) li.appendChild(el("code", entry.where, "display:block;font-weight:bold;color:#ffd7d5"));
    li.appendChild(el("p", entry.message, "margin:.25em 0"));
    if (entry.fix) li.appendChild(el("p", "Cách sửa: " + entry.fix, "margin:.25em 0;color:#c8f0d8"));
    return li;
  }

  function showErrors(errors) {
    if (!panel) {
      panel = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:#1b1b1b;color:#fff;font:16px/1.5 system-ui,sans-serif;padding:1.5em");
      panel.setAttribute("role", "alertdialog");
      panel.setAttribute("aria-labelledby", "xem-thu-tieu-de");
      panel.id = "xem-thu-loi";
      document.body.appendChild(panel);
    }
    panel.textContent = "";
    var title = el("h2", "Trang chưa được dựng lại: có " + errors.length + " lỗi", "margin:0 0 .5em;color:#ff8a80");
    title.id = "xem-thu-tieu-de";
    panel.appendChild(title);
    panel.appendChild(el("p", "Trang bạn đang xem là bản cũ. Sửa tệp theo hướng dẫn dưới đây rồi lưu lại: " +
      "trang sẽ tự tải lại khi dựng xong.", "margin:0 0 1em"));
    var list = el("ul", "", "margin:0;padding:0");
    errors.forEach(function (entry) { list.appendChild(item(entry)); });
    panel.appendChild(list);
  }

  function showWarnings(warnings) {
    if (bar) { bar.remove(); bar = null; }
    if (!warnings.length) return;
    bar = el("div", "", "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:40vh;overflow:auto;" +
      "background:#fff4ce;color:#3b2f00;border-top:3px solid #c19c00;font:15px/1.4 system-ui,sans-serif;padding:.75em 1em");
    bar.setAttribute("role", "status");
    bar.appendChild(el("strong", "Cảnh báo khi xem thử (" + warnings.length + ")"));
    var list = el("ul", "", "margin:.5em 0 0;padding:0");
    warnings.forEach(function (entry) {
      var li = item(entry);
      li.querySelectorAll("code,p").forEach(function (node) { node.style.color = "inherit"; });
      list.appendChild(li);
    });
    bar.appendChild(list);
    var close = el("button", "Ẩn", "margin-top:.25em");
    close.type = "button";
    close.onclick = function () { bar.remove(); bar = null; };
    bar.appendChild(close);
    document.body.appendChild(bar);
  }

  // A build that left this page's file as it was (the edited page was written first, or
  // another page changed) does not reload it: the editor keeps the place where they read.
  function reloadIfChanged(state) {
    fetch(location.href, { cache: "no-store" }).then(function (response) {
      if (response.headers.get("X-Xem-Thu-Ban") !== version) { location.reload(); return; }
      build = Math.max(build, state.build);
      script.setAttribute("data-xem-thu", String(build));
      showState(state);
    }, function () { location.reload(); });
  }

  function showState(state) {
    if (panel) { panel.remove(); panel = null; }
    showWarnings(state.warnings);
  }

  var events = new EventSource("/__xem-thu/su-kien");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (state.errors.length) { showErrors(state.errors); return; }
    if (state.build !== build) { reloadIfChanged(state); return; }
    showState(state);
  };
})();
