(function () {
  var version = null;
  function show(error) {
    var box = document.getElementById("dangjian-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "dangjian-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:16px;background:#fff;color:#1d1d1f;border-top:4px solid #c8102e;font:14px/1.5 monospace;white-space:pre-wrap;z-index:99999";
      document.body.appendChild(box);
    }
    box.textContent = "生成失败（显示的是上一次成功生成的页面）：\n\n" + error;
  }
  // The warnings of the served build: a panel the reader may close; closed, it stays closed
  // for the same warnings until they change (kept across reloads in sessionStorage).
  function warn(text) {
    var panel = document.getElementById("dangjian-warnings");
    var closed = null;
    try { closed = sessionStorage.getItem("dangjian-warnings-closed"); } catch (e) {}
    if (!text || text === closed) { if (panel) panel.remove(); return; }
    if (!panel) {
      panel = document.createElement("aside");
      panel.id = "dangjian-warnings";
      panel.setAttribute("role", "status");
      panel.setAttribute("aria-label", "生成警告");
      panel.style.cssText = "position:fixed;top:8px;right:8px;left:8px;margin-left:auto;max-width:48rem;max-height:50vh;overflow:auto;padding:12px 16px;background:#fffbe6;color:#1d1d1f;border:1px solid #d4a106;border-left:6px solid #d4a106;box-shadow:0 2px 8px rgba(0,0,0,.2);z-index:99998;font:14px/1.5 sans-serif";
      var head = document.createElement("div");
      head.style.cssText = "display:flex;justify-content:space-between;align-items:center;gap:8px";
      var title = document.createElement("strong");
      title.textContent = "生成时有警告（网站已更新；改正后自动消失）";
      var close = document.createElement("button");
      close.type = "button";
      close.id = "dangjian-warnings-close";
      close.textContent = "关闭";
      close.style.cssText = "font:inherit;padding:2px 10px;cursor:pointer";
      close.addEventListener("click", function () {
        try { sessionStorage.setItem("dangjian-warnings-closed", panel.dataset.text); } catch (e) {}
        panel.remove();
      });
      head.appendChild(title);
      head.appendChild(close);
      var body = document.createElement("pre");
      body.style.cssText = "margin:8px 0 0;white-space:pre-wrap;font:13px/1.5 monospace";
      panel.appendChild(head);
      panel.appendChild(body);
      document.body.appendChild(panel);
    }
    panel.dataset.text = text;
    panel.querySelector("pre").textContent = text;
  }
  function poll() {
    fetch("/__dangjian/events?since=" + (version === null ? "" : version), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (version !== null && s.version !== version && !s.error) { location.reload(); return; }
        version = s.version;
        show(s.error);
        warn(s.warnings);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
