/*
 * Small helps on the application form. Progressive enhancement only: every step works
 * the same without this script.
 *
 * 1. A follow-up question shows as soon as the answer that asks for it is chosen.
 *    Without the script the server shows it after "Næste". A question that a radio
 *    group on the same step controls is rendered with `hidden` and
 *    `data-show-if-field` / `data-show-if-values`; the hidden `_shown` input tells the
 *    server which questions the citizen has seen.
 * 2. Typing an amount or a date beside "Ved ikke" chooses "Jeg kender beløbet".
 */
(function () {
  "use strict";

  function updateFollowUps(form) {
    var shownInput = form.querySelector("input[name='_shown']");
    var shown = shownInput.value.split(" ").filter(Boolean);
    form.querySelectorAll("[data-show-if-field]").forEach(function (question) {
      var controller = question.getAttribute("data-show-if-field");
      var values = question.getAttribute("data-show-if-values").split(" ");
      var checked = form.querySelector("input[name='" + controller + "']:checked");
      var visible = checked !== null && values.indexOf(checked.value) !== -1;
      var name = question.id.replace(/^question-/, "");
      question.hidden = !visible;
      shown = shown.filter(function (item) { return item !== name; });
      if (visible) {
        shown.push(name);
      }
    });
    shownInput.value = shown.join(" ");
  }

  document.querySelectorAll("form[data-application-form]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") {
        updateFollowUps(form);
      }
    });
    form.addEventListener("input", function (event) {
      var wrapper = event.target.closest(".known-answer");
      if (wrapper && event.target.value.trim() !== "") {
        var known = document.getElementById(event.target.id + "-known");
        if (known) {
          known.checked = true;
        }
      }
    });
  });
})();
