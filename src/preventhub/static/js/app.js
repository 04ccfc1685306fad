// Progressive enhancement only: every page works without JavaScript.
document.body
  ? document.body.classList.add("js-enabled", "govuk-frontend-supported")
  : document.addEventListener("DOMContentLoaded", function () {
      document.body.classList.add("js-enabled", "govuk-frontend-supported");
    });
// Forms that ask for confirmation carry data-confirm="message".
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
// "Copy codes" buttons: data-copy-target names a list whose items are copied, one per line.
// Hidden without JavaScript or a clipboard; the codes can still be read or downloaded.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    var status = document.querySelector(".ph-copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var lines = Array.prototype.map.call(target.querySelectorAll("li"), function (li) {
        return li.textContent.trim();
      });
      navigator.clipboard.writeText(lines.join("\n")).then(function () {
        if (status) status.textContent = "Codes copied. Paste them somewhere safe.";
      });
    });
  });
});
// On a phone the module navigation folds behind "Menu" so that the page comes first; without
// JavaScript (or on a wider screen) every link stays visible.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".ph-nav__toggle");
  if (!toggle) return;
  var nav = toggle.closest(".ph-nav");
  nav.classList.add("ph-nav--enhanced");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("ph-nav--open", open);
  });
});
