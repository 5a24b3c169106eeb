/* The story form while someone types: live counts, autosave and recovery,
 * and a question before leaving unsaved changes. presence.js says who else
 * has the story open; it reads whether there are unsaved changes from the
 * form's data-unsaved attribute, kept here.
 *
 * Configured by the JSON in #story-live-config (articles/admin_live.py).
 * Unsaved text is kept in the browser (localStorage, at every pause in
 * typing) and on the server (every few seconds), as a draft apart from the
 * story: saving the form is still the only way to change the story.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("story-live-config");
  var form = document.getElementById("article_form");
  if (!configNode || !form) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  var gettext = window.gettext || function (text) { return text; };
  var fill = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  };

  var headline = form.querySelector("#id_headline");
  var dek = form.querySelector("#id_dek");
  var body = form.querySelector("#id_body");
  var versionInput = form.querySelector("#id_expected_version");
  if (!headline || !body || !config.autosaveUrl) {
    return; // Read only: nothing to count or keep.
  }

  // -- the text, as the form holds it ---------------------------------------

  function current() {
    return {
      headline: headline.value,
      dek: dek ? dek.value : "",
      body: body.value
    };
  }

  function same(a, b) {
    return a.headline === b.headline && a.dek === b.dek && a.body === b.body;
  }

  // The story as stored: what "unsaved" is measured against, also when the
  // form comes back with an error and holds text not saved yet.
  var saved = config.saved;
  var submitting = false;

  function dirty() {
    return !submitting && !same(current(), saved);
  }

  function editorOf(textarea) {
    var wrapper = textarea.closest(".prose-editor");
    var view = wrapper && wrapper.querySelector(":scope > .ProseMirror");
    return view && view.editor;
  }

  function setBody(html) {
    var editor = editorOf(body);
    if (editor) {
      editor.commands.setContent(html, true);
    }
    body.value = html;
    body.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // -- live counters: 字数 and the headline's length --------------------------

  // The same rule as newsroom/text.py count_characters: each Han character
  // and punctuation mark once, each run of Latin letters or digits once.
  var HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff" +
    "\\u{20000}-\\u{2a6df}\\u{2a700}-\\u{2ebef}\\u{30000}-\\u{3134f}";
  var UNIT = new RegExp(
    "[" + HAN + "]|[A-Za-z0-9]+(?:[.'\u2019-][A-Za-z0-9]+)*|[^\\s" + HAN + "A-Za-z0-9]",
    "gu"
  );

  function countCharacters(text) {
    var found = (text || "").normalize("NFKC").match(UNIT);
    return found ? found.length : 0;
  }

  function plainText(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    return doc.body ? doc.body.textContent : "";
  }

  function counter(field, id) {
    // Under the field's row, not beside the box: the box keeps its width.
    var row = field.closest(".flex-container") || field;
    var node = document.createElement("span");
    node.className = "live-count";
    node.id = id;
    node.setAttribute("aria-live", "polite");
    row.insertAdjacentElement("afterend", node);
    return node;
  }

  var headlineCount = counter(headline, "headline-count");
  var dekCount = dek ? counter(dek, "dek-count") : null;
  var bodyCount = counter(body, "body-count");

  function updateCounts() {
    var length = Array.from(headline.value).length;
    headlineCount.textContent = fill(gettext("Headline: %(count)s of %(limit)s characters"), {
      count: length, limit: config.headlineLimit
    }, true);
    headlineCount.classList.toggle("is-over", length > config.headlineLimit);
    if (dekCount) {
      var dekLength = Array.from(dek.value).length;
      dekCount.textContent = fill(gettext("Summary: %(count)s of %(limit)s characters"), {
        count: dekLength, limit: config.dekLimit
      }, true);
      dekCount.classList.toggle("is-over", dekLength > config.dekLimit);
    }
    bodyCount.textContent = fill(gettext("Length (字数): %(count)s"), {
      count: countCharacters(plainText(body.value))
    }, true);
  }

  // -- autosave: in the browser at once, on the server every few seconds ----

  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  var status = document.createElement("span");
  status.className = "autosave-status";
  status.setAttribute("aria-live", "polite");
  var submitRow = form.querySelector(".submit-row");
  if (submitRow) {
    submitRow.appendChild(status);
  }

  function keepLocally(always) {
    if (!always && !dirty()) {
      if (offer && !offer.hidden) {
        return; // Offered and not yet answered: still kept.
      }
      // Nothing unsaved: an old copy would be offered as if it were.
      forgetLocally();
      return;
    }
    try {
      var draft = current();
      draft.savedAt = Date.now();
      draft.baseVersion = config.version;
      window.localStorage.setItem(config.storageKey, JSON.stringify(draft));
    } catch (error) {
      // Private windows and full storage: the server copy still works.
    }
  }

  function localDraft() {
    try {
      return JSON.parse(window.localStorage.getItem(config.storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function forgetLocally() {
    try {
      window.localStorage.removeItem(config.storageKey);
    } catch (error) {
      // Nothing kept, nothing to forget.
    }
  }

  function post(url, fields, keepalive) {
    var data = new FormData();
    Object.keys(fields).forEach(function (key) {
      if (fields[key] !== null && fields[key] !== undefined) {
        data.append(key, fields[key]);
      }
    });
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "X-CSRFToken": csrf ? csrf.value : "" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
      if (!json) {
        throw new Error("not signed in");
      }
      return response.json().then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.error || response.statusText);
        }
        return answer;
      });
    });
  }

  var lastSent = null;

  function autosave(keepalive) {
    var text = current();
    if (!dirty() || (lastSent && same(text, lastSent))) {
      return;
    }
    lastSent = text;
    post(config.autosaveUrl, {
      headline: text.headline,
      dek: text.dek,
      body: text.body,
      base_version: config.version
    }, keepalive).then(function (answer) {
      status.textContent = answer.text;
      status.classList.remove("is-error");
    }).catch(function (error) {
      lastSent = null;
      status.textContent = fill(gettext("Not kept on the server (%(reason)s); kept in this browser."), {
        reason: error.message
      }, true);
      status.classList.add("is-error");
    });
  }

  // -- recovery: offer the newest unsaved text when the form opens ----------

  var offer = document.getElementById("draft-offer");
  var offered = null;

  function newestDraft() {
    var local = localDraft();
    var server = config.draft;
    var shown = current();
    var candidates = [local, server].filter(function (draft) {
      return draft && !same(draft, saved) && !same(draft, shown);
    });
    candidates.sort(function (a, b) { return b.savedAt - a.savedAt; });
    if (local && same(local, saved)) {
      // That text was saved: the story holds it now.
      forgetLocally();
    }
    return candidates[0] || null;
  }

  function showOffer() {
    offered = newestDraft();
    if (!offered || !offer) {
      return;
    }
    var when = new Date(offered.savedAt);
    var text = offer.querySelector(".draft-offer__text");
    text.textContent = fill(gettext("Unsaved changes from %(time)s were kept. Restore them, or discard them?"), {
      time: when.toLocaleString("zh-CN", {
        month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
        hour12: false, timeZone: "Asia/Shanghai"
      })
    }, true);
    if (offered.baseVersion && config.version && offered.baseVersion !== config.version) {
      text.textContent += " " + gettext("The story has been saved since; a save of the restored text will be refused, so you can compare first.");
    }
    offer.hidden = false;
  }

  function restore() {
    headline.value = offered.headline;
    if (dek) {
      dek.value = offered.dek;
    }
    setBody(offered.body);
    if (versionInput && offered.baseVersion) {
      // Restored onto a newer story, the save is refused as stale, never a
      // silent overwrite of someone else's work.
      versionInput.value = offered.baseVersion;
    }
    offer.hidden = true;
    updateCounts();
    markUnsaved();
    keepLocally(true);
  }

  function discard() {
    forgetLocally();
    offer.hidden = true;
    post(config.autosaveUrl, { discard: "1" }).catch(function () {});
  }

  if (offer) {
    offer.addEventListener("click", function (event) {
      var choice = event.target.getAttribute("data-draft");
      if (choice === "restore") {
        restore();
      } else if (choice === "discard") {
        discard();
      }
    });
  }

  // -- wiring ---------------------------------------------------------------

  function markUnsaved() {
    form.dataset.unsaved = dirty() ? "1" : "0";
  }

  var pause = null;
  form.addEventListener("input", function () {
    updateCounts();
    markUnsaved();
    window.clearTimeout(pause);
    pause = window.setTimeout(keepLocally, 400);
  });
  form.addEventListener("submit", function () {
    // Kept until the saved story comes back holding the same text.
    keepLocally(true);
    submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("pagehide", function () {
    if (!submitting) {
      keepLocally();
      autosave(true);
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      keepLocally();
      autosave(true);
    }
  });

  updateCounts();
  markUnsaved();
  showOffer();
  window.setInterval(function () { autosave(false); }, config.autosaveSeconds * 1000);
})();
