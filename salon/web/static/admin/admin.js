// salon moderation dashboard: keyboard (j/k/a/r/s/x/o/?), selection count, htmx error toasts.
(function () {
  "use strict";

  function items() {
    return Array.prototype.slice.call(document.querySelectorAll(".items .item"));
  }
  function current() {
    return document.querySelector(".items .item.current");
  }
  function focusItem(el) {
    var old = current();
    if (old) old.classList.remove("current");
    if (!el) return;
    el.classList.add("current");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var list = items();
    if (!list.length) return;
    var i = list.indexOf(current());
    var next = i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + step));
    focusItem(list[next]);
  }
  function nextUndecided(from) {
    var list = items();
    var i = list.indexOf(from);
    for (var j = i + 1; j < list.length; j++) if (!list[j].classList.contains("decided")) return list[j];
    for (var k = i - 1; k >= 0; k--) if (!list[k].classList.contains("decided")) return list[k];
    return null;
  }
  function decide(key) {
    var item = current() || items()[0];
    if (!item) return;
    var button = item.querySelector('button[data-key="' + key + '"]');
    if (!button || button.disabled) return;
    var after = nextUndecided(item);
    button.click();
    if (after) focusItem(after);
  }
  function toast(text) {
    var box = document.getElementById("toast");
    if (!box) return;
    if (text !== undefined) box.textContent = text;
    if (!box.textContent.trim()) return;
    box.hidden = false;
    clearTimeout(box._timer);
    box._timer = setTimeout(function () { box.hidden = true; }, 4000);
  }
  function help() {
    var dialog = document.getElementById("help");
    if (!dialog) return;
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }
  function updateCount() {
    var n = document.querySelectorAll('input.select[form="bulk"]:checked').length;
    var out = document.querySelector("[data-selected-count]");
    if (out) out.textContent = String(n);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    var dialog = document.getElementById("help");
    if (dialog && dialog.open && event.key !== "?") return;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a": decide("a"); break;
      case "r": decide("r"); break;
      case "s": decide("s"); break;
      case "x": {
        var item = current();
        var box = item && item.querySelector("input.select");
        if (box) { box.checked = !box.checked; updateCount(); }
        break;
      }
      case "o": {
        var link = current() && current().querySelector("a.permalink");
        if (link) window.location.href = link.href;
        break;
      }
      case "?": help(); break;
      default: return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var t = event.target;
    if (!(t instanceof Element)) return;
    if (t.closest("[data-help-toggle]")) { help(); return; }
    if (t.closest("[data-select-all]")) {
      var boxes = document.querySelectorAll('input.select[form="bulk"]');
      var all = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      Array.prototype.forEach.call(boxes, function (b) { b.checked = !all; });
      updateCount();
      return;
    }
    var item = t.closest(".items .item");
    if (item && !item.classList.contains("current")) {
      var old = current();
      if (old) old.classList.remove("current");
      item.classList.add("current");
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.matches("input.select")) updateCount();
  });

  document.addEventListener("htmx:afterSettle", function () {
    updateCount();
    toast();
  });
  // A 422 whose target asks for it (data-swap-422: the settings preview) is shown in place,
  // message and all, instead of as a toast.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 422 && target && target.hasAttribute("data-swap-422")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = "The action failed (" + xhr.status + ").";
    try {
      var body = JSON.parse(xhr.responseText);
      if (body && body.error && body.error.message) text = body.error.message;
    } catch (e) { /* not JSON */ }
    toast(text);
  });
  document.addEventListener("htmx:sendError", function () {
    toast("Could not reach the server; nothing was changed.");
  });
  document.addEventListener("DOMContentLoaded", function () {
    var first = items()[0];
    if (first) first.classList.add("current");
  });
})();
