// The query page: Ctrl+Enter (or Cmd+Enter) runs the query; Tab indents instead of leaving the editor.
"use strict";
(function () {
  const editor = document.getElementById("query");
  const form = document.getElementById("query-form");
  if (!editor || !form) {
    return;
  }
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Tab" && !event.shiftKey) {
      event.preventDefault();
      const start = editor.selectionStart;
      editor.setRangeText("  ", start, editor.selectionEnd, "end");
    }
  });
})();
