// byline article page: show the speaker of a source on hover/click, link text and list.
// Values are read from data- attributes and written with textContent only (never as HTML).
(function () {
  "use strict";
  var text = document.getElementById("article-text");
  var card = document.getElementById("speaker-card");
  if (!text || !card) { return; }

  function pieces(id) {
    return text.querySelectorAll(".hl[data-attributions~='" + CSS.escape(id) + "']");
  }
  function select(id) {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    if (!id) { return; }
    pieces(id).forEach(function (el) { el.classList.add("selected"); });
    var item = document.getElementById(id);
    if (item) { item.classList.add("selected"); }
  }
  function row(label, value) {
    if (!value) { return; }
    var p = document.createElement("p");
    var b = document.createElement("b");
    b.textContent = label + ": ";
    p.appendChild(b);
    p.appendChild(document.createTextNode(value));
    card.appendChild(p);
  }
  function show(el) {
    var id = el.getAttribute("data-attribution");
    card.textContent = "";
    var h = document.createElement("p");
    h.className = "card-name";
    var name = el.getAttribute("data-speaker") || "unresolved speaker";
    var sid = el.getAttribute("data-speaker-id");
    if (sid) {
      var a = document.createElement("a");
      a.href = "/speaker/" + encodeURIComponent(sid);
      a.textContent = name;
      h.appendChild(a);
    } else {
      h.textContent = name;
    }
    card.appendChild(h);
    row("attribution", id);
    row("role", el.getAttribute("data-role"));
    if (el.classList.contains("hl-anonymous")) {
      row("anonymous", el.getAttribute("data-reason") || "no reason stated");
    }
    var r = el.getBoundingClientRect();
    card.style.left = Math.max(8, r.left + window.scrollX) + "px";
    card.style.top = (r.bottom + window.scrollY + 6) + "px";
    card.hidden = false;
    select(id);
  }
  text.addEventListener("mouseover", function (e) {
    var el = e.target.closest(".hl-source");
    if (el) { show(el); }
  });
  text.addEventListener("click", function (e) {
    var el = e.target.closest(".hl");
    if (!el) { card.hidden = true; select(null); return; }
    if (el.classList.contains("hl-source")) { show(el); } else { select(el.getAttribute("data-attribution")); }
  });
  text.addEventListener("focusin", function (e) {
    var el = e.target.closest(".hl-source");
    if (el) { show(el); }
  });
  document.querySelectorAll("li.attribution").forEach(function (li) {
    li.addEventListener("click", function (e) {
      if (e.target.closest("a")) { return; }
      select(li.id);
      var first = pieces(li.id)[0];
      if (first) { first.scrollIntoView({ block: "center", behavior: "smooth" }); }
    });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { card.hidden = true; select(null); }
  });
  if (location.hash.length > 1) { select(decodeURIComponent(location.hash.slice(1))); }
})();
