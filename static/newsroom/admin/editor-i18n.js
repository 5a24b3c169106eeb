/* The body editor in the reader's language.
 *
 * django-prose-editor titles its toolbar buttons in English, without
 * gettext ("bold", "heading 2"): their tooltips and the names screen readers
 * say are translated here from the admin's JavaScript catalogue (jsi18n),
 * whenever the editor draws them. Its dialogs do call window.gettext; their
 * phrases are listed below so that `make messages` keeps them in
 * locale/zh_Hans/LC_MESSAGES/djangojs.po.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var gettext_noop = window.gettext_noop || function (text) { return text; };

  [
    gettext_noop("Edit Link"), gettext_noop("URL"), gettext_noop("Title"), gettext_noop("Open in new window"),
    gettext_noop("Update"), gettext_noop("Insert"), gettext_noop("Cancel"), gettext_noop("Edit HTML"),
    gettext_noop("Prettify"), gettext_noop("Toggle fullscreen"), gettext_noop("List properties"),
    gettext_noop("List type"), gettext_noop("Start at"), gettext_noop("Decimal numbers"),
    gettext_noop("Lowercase letters"), gettext_noop("Uppercase letters"),
    gettext_noop("Lowercase Roman numerals"), gettext_noop("Uppercase Roman numerals"),
    gettext_noop("Bullets"),
    gettext_noop("The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.")
  ];

  var TOOLBAR = {
    "bold": gettext("bold"),
    "italic": gettext("italic"),
    "underline": gettext("underline"),
    "strike": gettext("strike"),
    "subscript": gettext("subscript"),
    "superscript": gettext("superscript"),
    "paragraph": gettext("paragraph"),
    "heading 1": gettext("heading 1"),
    "heading 2": gettext("heading 2"),
    "heading 3": gettext("heading 3"),
    "unordered list": gettext("unordered list"),
    "ordered list": gettext("ordered list"),
    "blockquote": gettext("blockquote"),
    "horizontal rule": gettext("horizontal rule"),
    "insert link": gettext("insert link"),
    "remove link": gettext("remove link"),
    "edit HTML": gettext("edit HTML"),
    "undo": gettext("undo"),
    "redo": gettext("redo"),
    "Styles": gettext("Styles"),
    "Toggle fullscreen": gettext("Toggle fullscreen"),
    "List properties": gettext("List properties")
  };
  // The block-style picker's choices, written as text.
  var OPTIONS = {
    "Paragraph": gettext("Paragraph"),
    "Heading 1": gettext("Heading 1"),
    "Heading 2": gettext("Heading 2"),
    "Heading 3": gettext("Heading 3")
  };
  var ATTRIBUTES = ["title", "aria-label"];

  function translate(root) {
    if (!root.querySelectorAll) {
      return;
    }
    var nodes = [root].concat(Array.from(root.querySelectorAll("[title], [aria-label]")));
    Array.from(root.querySelectorAll(".prose-menubar__option > *")).forEach(function (node) {
      var text = node.textContent;
      if (Object.prototype.hasOwnProperty.call(OPTIONS, text)) {
        node.textContent = OPTIONS[text];
      }
    });
    nodes.forEach(function (node) {
      ATTRIBUTES.forEach(function (name) {
        var value = node.getAttribute && node.getAttribute(name);
        if (value && Object.prototype.hasOwnProperty.call(TOOLBAR, value)) {
          node.setAttribute(name, TOOLBAR[value]);
        }
      });
    });
  }

  function watch() {
    translate(document.body);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") {
          translate(change.target);
        }
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) {
            translate(node);
          }
        });
      });
    }).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ATTRIBUTES
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
