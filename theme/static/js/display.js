/* 大字模式 / 高对比度: remember the visitor's choice across pages and apply it on load.
   The modes themselves are pure CSS (the #opt-large / #opt-contrast checkboxes, :checked);
   without this script, or where storage is refused, the toggles still work page by page.
   Loaded right after the two checkboxes, so the choice applies before the page is drawn. */
(function () {
  "use strict";
  var KEY = "portal-display";
  var OPTIONS = ["opt-large", "opt-contrast"];

  function read() {
    try {
      var value = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (e) {
      return {};
    }
  }

  function remember(id, on) {
    var state = read();
    state[id] = on;
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) {
      /* storage refused (private mode, policy): the choice lasts for this page only */
    }
  }

  var state = read();
  OPTIONS.forEach(function (id) {
    var box = document.getElementById(id);
    if (!box) {
      return;
    }
    if (state[id] === true) {
      box.checked = true;
    }
    box.addEventListener("change", function () {
      remember(id, box.checked);
    });
  });
})();
