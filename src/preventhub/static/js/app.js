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
