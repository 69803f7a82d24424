// The workbench's few behaviours that need a script. Every form also works without it: rows
// can be typed into the blank row the server always adds, counts are computed on save.
"use strict";
(function () {
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // Rows of a table field: add from the <template>, remove a row.
  document.addEventListener("click", function (e) {
    var add = e.target.closest("[data-add-row]");
    if (add) {
      e.preventDefault();
      var key = add.getAttribute("data-add-row");
      var body = document.getElementById("rows-" + key);
      var tpl = document.getElementById("tpl-" + key);
      var next = parseInt(body.getAttribute("data-next") || "0", 10);
      var html = tpl.innerHTML.split("__i__").join(String(next));
      body.insertAdjacentHTML("beforeend", html);
      body.setAttribute("data-next", String(next + 1));
      var first = body.lastElementChild && body.lastElementChild.querySelector("input,select,textarea");
      if (first) first.focus();
      return;
    }
    var del = e.target.closest("[data-remove-row]");
    if (del) {
      e.preventDefault();
      var row = del.closest("tr");
      row.querySelectorAll("input,select,textarea").forEach(function (el) { el.value = ""; });
      row.hidden = true;
      return;
    }
    var md = e.target.closest("[data-md]");
    if (md) {
      e.preventDefault();
      markdown(md.getAttribute("data-md"));
      return;
    }
    var ins = e.target.closest("[data-insert]");
    if (ins) {
      e.preventDefault();
      var area = document.getElementById("field-_body");
      if (!area) return;
      var text = ins.getAttribute("data-insert");
      var at = area.selectionStart || 0;
      area.value = area.value.slice(0, at) + text + area.value.slice(area.selectionEnd || at);
      area.focus();
      area.selectionStart = area.selectionEnd = at + text.length;
      dirty = true;
      return;
    }
    var pv = e.target.closest("[data-preview]");
    if (pv) {
      e.preventDefault();
      preview();
    }
  });

  // Heading buttons: put the marker at the start of the line the cursor is on.
  function markdown(marker) {
    var area = document.getElementById("field-_body");
    if (!area) return;
    var v = area.value, at = area.selectionStart;
    var start = v.lastIndexOf("\n", at - 1) + 1;
    var line = v.slice(start).replace(/^(#{1,4} |- |1\. )/, "");
    area.value = v.slice(0, start) + marker + line;
    area.focus();
    area.selectionStart = area.selectionEnd = start + marker.length;
    dirty = true;
  }

  function preview() {
    var area = document.getElementById("field-_body");
    var out = document.getElementById("preview");
    if (!area || !out) return;
    out.hidden = false;
    out.textContent = "正在生成预览…";
    var data = new URLSearchParams();
    data.set("_body", area.value);
    data.set("_csrf", csrf);
    fetch(out.getAttribute("data-url"), { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { out.innerHTML = html; })
      .catch(function () { out.textContent = "预览失败，请保存后在网站上查看。"; });
  }

  // Attendance by ticking the roster: the counts follow the ticks.
  function attendance() {
    var box = document.getElementById("attendance");
    if (!box) return;
    var mode = box.querySelector('input[name="_attendance"]:checked');
    var lists = box.querySelectorAll("[data-list]");
    lists.forEach(function (l) {
      var on = mode && l.getAttribute("data-list") === mode.value;
      l.hidden = !on;
      l.querySelectorAll("input").forEach(function (i) { i.disabled = !on; });
    });
    var manual = document.getElementById("manual-counts");
    if (manual) {
      var m = !mode || mode.value === "manual";
      manual.hidden = !m;
      manual.querySelectorAll("input,select").forEach(function (i) { i.disabled = !m; });
    }
    var shown = box.querySelector("[data-list]:not([hidden])");
    var out = document.getElementById("attendance-counts");
    if (!shown || !out) { if (out) out.textContent = ""; return; }
    var all = shown.querySelectorAll('input[type=checkbox]');
    var here = 0;
    all.forEach(function (c) {
      var reason = c.closest(".person").querySelector(".reason");
      if (c.checked) here++;
      if (reason) { reason.hidden = c.checked; }
    });
    out.textContent = "应到 " + all.length + " 人，实到 " + here + " 人，缺席 " + (all.length - here) + " 人";
  }
  document.addEventListener("change", function (e) {
    dirty = true;
    if (e.target.closest("#attendance")) attendance();
    // A new activity's roster, places and people are the branch's: choosing another branch
    // opens the form for it, keeping what identifies the meeting.
    if (e.target.id === "field-branch" && document.querySelector('form.record input[name="_kind"][value="activity"]')
        && !(document.querySelector('form.record input[name="_path"]') || {}).value) {
      var q = new URLSearchParams();
      q.set("branch", e.target.value);
      ["kind", "date"].forEach(function (k) {
        var el = document.getElementById("field-" + k);
        if (el && el.value) q.set(k, el.value);
      });
      dirty = false;
      window.location.href = "/_/new/activity?" + q.toString();
      return;
    }
    if (e.target.id === "field-kind") {
      var box = document.getElementById("attendance");
      if (!box) return;
      var want = e.target.value === "支部委员会" ? "committee" : "roster";
      var radio = box.querySelector('input[name="_attendance"][value="' + want + '"]');
      if (radio && !radio.disabled) { radio.checked = true; attendance(); }
    }
  });
  attendance();

  // Leaving a form with unsaved typing asks first.
  var dirty = false;
  document.addEventListener("input", function () { dirty = true; });
  document.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty && document.querySelector("form.record")) { e.preventDefault(); e.returnValue = ""; }
  });
})();

// Attachments: each chosen file is uploaded at once and becomes a row of the table.
(function () {
  var input = document.getElementById("upload");
  if (!input) return;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var status = document.getElementById("upload-status");
  input.addEventListener("change", function () {
    var date = (document.getElementById("field-date") || {}).value || "";
    var branch = (document.getElementById("field-branch") || {}).value || "";
    var files = Array.prototype.slice.call(input.files);
    var done = 0;
    files.forEach(function (file) {
      var data = new FormData();
      data.append("file", file);
      status.textContent = "正在上传 " + file.name + "…";
      fetch("/_/upload?year=" + encodeURIComponent(date.slice(0, 4)) + "&branch=" + encodeURIComponent(branch), {
        method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRF-Token": csrf }
      }).then(function (r) {
        return r.json().then(function (j) { return { ok: r.ok, body: j }; });
      }).then(function (res) {
        if (!res.ok) { status.textContent = file.name + "：" + (res.body.error || "上传失败"); return; }
        var body = document.getElementById("rows-attachments");
        var tpl = document.getElementById("tpl-attachments");
        var next = parseInt(body.getAttribute("data-next") || "0", 10);
        body.insertAdjacentHTML("beforeend", tpl.innerHTML.split("__i__").join(String(next)));
        body.setAttribute("data-next", String(next + 1));
        var row = body.lastElementChild;
        row.querySelector('[name$=".path"]').value = res.body.path;
        row.querySelector('[name$=".caption"]').value = res.body.caption;
        row.querySelector('[name$=".kind"]').value = res.body.image ? "照片" : "签到表";
        if (res.body.image) {
          var img = document.createElement("img");
          img.src = "/_/file?path=" + encodeURIComponent(res.body.path);
          img.alt = "附件预览";
          var box = document.createElement("div");
          box.className = "thumbs";
          box.appendChild(img);
          row.querySelector("td").appendChild(box);
        }
        done++;
        status.textContent = "已上传 " + done + " 个文件；保存活动后生效。";
      }).catch(function () { status.textContent = file.name + "：上传失败"; });
    });
    input.value = "";
  });
})();
