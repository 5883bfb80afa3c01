// Drag-and-drop on a role's kanban board. Without this file every card still has its own stage
// form; dropping a card on a column just fills in that form's stage and submits it (CSRF included).
(function () {
  "use strict";
  var board = document.querySelector(".board[data-can-move]");
  if (!board) {
    return;
  }
  var dragged = null;
  board.querySelectorAll(".kcard").forEach(function (card) {
    card.setAttribute("draggable", "true");
    card.addEventListener("dragstart", function (event) {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.id);
    });
    card.addEventListener("dragend", function () {
      dragged = null;
    });
  });
  board.querySelectorAll(".column").forEach(function (column) {
    column.addEventListener("dragover", function (event) {
      if (dragged) {
        event.preventDefault();
        column.classList.add("over");
      }
    });
    column.addEventListener("dragleave", function () {
      column.classList.remove("over");
    });
    column.addEventListener("drop", function (event) {
      event.preventDefault();
      column.classList.remove("over");
      if (!dragged || dragged.getAttribute("data-stage") === column.getAttribute("data-stage")) {
        return;
      }
      var form = dragged.querySelector("form.move");
      form.querySelector("select[name=stage]").value = column.getAttribute("data-stage");
      column.appendChild(dragged);
      form.submit();
    });
  });
})();
