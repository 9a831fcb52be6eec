/* 打印本页: shows the page's print buttons and prints with the site's print stylesheet.
   The buttons are hidden in the HTML, so without script no button is shown that does nothing;
   the browser's own print command uses the same print.css. */
(function () {
  "use strict";
  function wire() {
    var buttons = document.querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
