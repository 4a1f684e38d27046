/* Small behaviours declared in the markup with data- attributes, so that no page needs an inline
   script or an on*= handler (the Content-Security-Policy forbids both):
   - <form data-confirm="Question?">: asks before submitting;
   - <select data-autosubmit>: submits its form when the choice changes (a <noscript> button
     stays as the fallback). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLElement) || !field.hasAttribute("data-autosubmit") || !field.form) return;
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });
})();
