// golden — the little script the pages need: keyboard review without reloads, live search, the help overlay.
// Plain ES2017, no build step, nothing loaded from elsewhere.
"use strict";
(function () {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;
  const typing = (e) => /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) || e.target.isContentEditable;
  const help = document.getElementById("help");

  function toggleHelp(show) { if (help) help.hidden = !show; }

  // --- Review: the queue on the left, one pair on the right ------------------------------------------------
  const queue = document.getElementById("queue");
  const cardHost = document.getElementById("card");

  function rows() { return queue ? Array.from(queue.querySelectorAll("li")) : []; }
  function activeIndex() { return rows().findIndex((li) => li.classList.contains("active")); }

  async function show(index) {
    const list = rows();
    if (index < 0 || index >= list.length) return;
    const li = list[index];
    const link = li.querySelector("a");
    const response = await fetch(link.dataset.card, { headers: { "Accept": "text/html" }, credentials: "same-origin" });
    if (!response.ok) { flash("Could not load the pair (" + response.status + ")"); return; }
    cardHost.innerHTML = await response.text();
    list.forEach((row) => row.classList.remove("active"));
    li.classList.add("active");
    li.scrollIntoView({ block: "nearest" });
    history.replaceState(null, "", link.getAttribute("href"));
  }

  function nextOpen(from) {
    const list = rows();
    for (let i = from + 1; i < list.length; i++) if (!list[i].classList.contains("done")) return i;
    return -1;
  }

  async function decide(decision) {
    const form = cardHost && cardHost.querySelector("form[data-decide]");
    if (!form) return;
    const body = new URLSearchParams();
    body.set("_csrf", csrf());
    body.set("decision", decision);
    body.set("reason", form.querySelector("[name=reason]").value);
    const response = await fetch(form.action, {
      method: "POST", body, credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf() },
    });
    const result = await response.json().catch(() => ({}));
    if (!response.ok) { flash(result.message || ("The decision failed (" + response.status + ")")); return; }
    const index = activeIndex();
    const li = rows()[index];
    if (li) { li.classList.add("done"); li.dataset.status = result.status; }
    const article = cardHost.querySelector("article.pair");
    if (article) article.dataset.status = result.status;
    flash("Pair " + result.status + ".");
    const next = nextOpen(index);
    if (next >= 0) await show(next); else cardHost.innerHTML = '<div class="empty"><p><strong>Queue done.</strong> Reload for more pairs.</p></div>';
  }

  function flash(text) {
    let note = document.getElementById("flash");
    if (!note) {
      note = document.createElement("div");
      note.id = "flash"; note.className = "notice"; note.setAttribute("role", "status");
      document.body.insertBefore(note, document.querySelector("main"));
    }
    note.textContent = text;
  }

  if (queue) {
    queue.addEventListener("click", (e) => {
      const link = e.target.closest("a[data-card]");
      if (!link) return;
      e.preventDefault();
      show(rows().indexOf(link.closest("li")));
    });
  }
  if (cardHost) {
    // Enter in the reason field only finishes the reason: the decision is always an explicit a, r or d.
    cardHost.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && e.target.id === "reason") { e.preventDefault(); e.target.blur(); }
    });
    cardHost.addEventListener("submit", (e) => {
      if (!e.target.matches("form[data-decide]")) return;
      e.preventDefault();
      const button = e.submitter;
      decide(button && button.value ? button.value : "defer");
    });
  }

  // --- Live search ---------------------------------------------------------------------------------------------
  const box = document.getElementById("search-box");
  if (box) {
    let timer = null, last = box.value;
    const results = document.getElementById("results");
    const entity = box.form.querySelector("[name=entity]");
    const run = async () => {
      const q = box.value.trim();
      const params = new URLSearchParams({ q, entity: entity ? entity.value : "" });
      const response = await fetch(box.dataset.live + "?" + params, { credentials: "same-origin" });
      if (response.ok && box.value.trim() === q) {
        results.innerHTML = await response.text();
        history.replaceState(null, "", "/search?" + params);
      }
    };
    box.addEventListener("input", () => {
      if (box.value === last) return;
      last = box.value;
      clearTimeout(timer);
      timer = setTimeout(run, 200);
    });
    if (entity) entity.addEventListener("change", run);
  }

  // --- Keyboard ------------------------------------------------------------------------------------------------
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") { toggleHelp(false); if (typing(e)) e.target.blur(); return; }
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    switch (e.key) {
      case "?": toggleHelp(help && help.hidden); break;
      case "/": {
        const field = document.getElementById("search-box") || document.getElementById("quicksearch");
        if (field) { e.preventDefault(); field.focus(); }
        break;
      }
      case "j": if (queue) { e.preventDefault(); show(activeIndex() + 1); } break;
      case "k": if (queue) { e.preventDefault(); show(Math.max(activeIndex() - 1, 0)); } break;
      case "a": if (queue) { e.preventDefault(); decide("approve"); } break;
      case "r": if (queue) { e.preventDefault(); decide("reject"); } break;
      case "d": if (queue) { e.preventDefault(); decide("defer"); } break;
      case "e": {
        const reason = document.getElementById("reason");
        if (reason) { e.preventDefault(); reason.focus(); }
        break;
      }
      default: break;
    }
  });
})();
