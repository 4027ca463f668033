// The 正文 editor of the item admin (catalog/widgets.py ItemBodyEditor): django-prose-editor's
// ProseMirror bundle, served by the portal itself. Started from this file, not from an inline
// script or an import map, so the Content-Security-Policy (script-src 'self') holds; Tiptap's
// own <style> tag is off (injectCSS: false) for the same reason: editor.css is a file.
// The HTML it writes back into the textarea is sanitised again on save (catalog/sanitise.py).
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Editor, Gapcursor, HTML, HardBreak,
  Heading, History, HorizontalRule, Italic, Link, ListItem, Menu, OrderedList, Paragraph,
  Strike, Subscript, Superscript, Table, TableCell, TableHeader, TableRow, Text, Underline,
} from "../django_prose_editor/editor.js";

const EMPTY = /^<(\w+)(\s[^>]*)?><\/\1>$/i;

function start(textarea) {
  if (textarea.closest(".prose-editor")) return;
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  new Editor({
    element: wrapper,
    injectCSS: false,
    content: textarea.value,
    extensions: [
      Document, Paragraph, Text, HardBreak, History, Dropcursor, Gapcursor, Menu, HTML,
      Heading.configure({ levels: [2, 3, 4] }), Bold, Italic, Underline, Strike, Subscript,
      Superscript, BulletList, OrderedList, ListItem, Blockquote, HorizontalRule, Link,
      Table, TableRow, TableHeader, TableCell,
    ],
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": textarea.dataset.itemEditor || "正文",
      },
    },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = EMPTY.test(html) ? "" : html;
    },
  });
}

document.querySelectorAll("textarea[data-item-editor]").forEach(start);
