/* Who else has this story open: reported every few seconds, shown in
 * #presence ("顾晓岚 正在编辑，10:02 起"), for readers and writers alike.
 *
 * Each report says whether this form holds unsaved changes (story-form.js
 * keeps that in the form's data-unsaved attribute) and which version of the
 * story it was opened at; the answer lists the others and, when someone
 * saved a newer version, says so. Closing the page says goodbye at once;
 * a lost network drops out when its last report expires.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("story-live-config");
  var box = document.getElementById("presence");
  var form = document.getElementById("article_form");
  if (!configNode || !box || !form) {
    return;
  }
  var config = JSON.parse(configNode.textContent);
  if (!config.presenceUrl) {
    return;
  }
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");

  function fields(values) {
    var data = new FormData();
    Object.keys(values).forEach(function (key) {
      data.append(key, values[key]);
    });
    data.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
    return data;
  }

  function show(answer) {
    var lines = answer.others.map(function (entry) {
      return { text: entry.text, unsaved: entry.dirty };
    });
    if (answer.newer) {
      lines.push({ text: answer.newer, unsaved: true });
    }
    box.textContent = "";
    if (!lines.length) {
      return;
    }
    var list = document.createElement("ul");
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line.text;
      if (line.unsaved) {
        item.className = "is-dirty";
      }
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function report() {
    fetch(config.presenceUrl, {
      method: "POST",
      credentials: "same-origin",
      body: fields({ dirty: form.dataset.unsaved === "1" ? "1" : "0", version: config.version })
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
      return response.ok && json ? response.json() : null;
    }).then(function (answer) {
      if (answer) {
        show(answer);
      }
    }).catch(function () {
      // Offline for now: the next report tries again.
    });
  }

  window.addEventListener("pagehide", function () {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(config.presenceUrl, fields({ leave: "1" }));
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      report();
    }
  });
  form.addEventListener("input", function () {
    // The first unsaved change is news for the others: tell them now.
    if (form.dataset.reported !== form.dataset.unsaved) {
      form.dataset.reported = form.dataset.unsaved;
      window.setTimeout(report, 0);
    }
  });

  report();
  window.setInterval(report, config.presenceSeconds * 1000);
})();
