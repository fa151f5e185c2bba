// fireside's little JavaScript. Everything works without it; this adds the niceties:
// copy buttons, the breathing pace, upload progress and the time-zone picks.
"use strict";
(function () {
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  // htmx sends the CSRF token as a header as well (forms carry it as a field).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrf();
  });

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var source = document.querySelector(copy.getAttribute("data-copy"));
      var status = copy.parentElement.querySelector(".copied");
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          if (status) { status.textContent = "Copied."; }
        }, function () {
          if (status) { status.textContent = "Select the text and copy it by hand."; }
        });
      }
    }
    var zone = event.target.closest("[data-zone]");
    if (zone) {
      var input = document.querySelector("[data-zone-input]");
      if (input) { input.value = zone.getAttribute("data-zone"); input.focus(); }
    }
    var open = event.target.closest("[data-open]");
    if (open) {
      var details = document.querySelector(open.getAttribute("data-open"));
      if (details) { details.open = true; }
    }
  });

  // The breathing pace: in for 4 s, out for 6 s. The circle's motion is CSS (and stops
  // under prefers-reduced-motion); the words change either way.
  function startBreathing(box) {
    if (box.dataset.started) { return; }
    box.dataset.started = "1";
    var inhale = Number(box.dataset.inhale || 4) * 1000;
    var exhale = Number(box.dataset.exhale || 6) * 1000;
    var circle = box.querySelector(".breath");
    var word = box.querySelector("[data-breath-word]");
    if (circle) { circle.classList.add("running"); }
    function phase(breathingIn) {
      if (word) { word.textContent = breathingIn ? "Breathe in…" : "…and out"; }
      setTimeout(function () { phase(!breathingIn); }, breathingIn ? inhale : exhale);
    }
    phase(true);
  }
  function watchBreathing() {
    document.querySelectorAll(".ground").forEach(function (box) {
      var details = box.closest("details");
      if (!details) { startBreathing(box); return; }
      if (details.open) { startBreathing(box); }
      details.addEventListener("toggle", function () { if (details.open) { startBreathing(box); } });
    });
  }

  // Upload with a progress bar; the server answers with the page to go to next.
  function watchUploads() {
    document.querySelectorAll("form[data-upload]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.FormData || !window.XMLHttpRequest) { return; }
        event.preventDefault();
        var box = form.querySelector("[data-upload-progress]");
        var bar = box ? box.querySelector("progress") : null;
        if (box) { box.hidden = false; }
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("X-CSRF-Token", csrf());
        request.upload.addEventListener("progress", function (e) {
          if (bar && e.lengthComputable) {
            bar.value = Math.round(e.loaded * 100 / e.total);
            bar.textContent = bar.value + "%";
          }
        });
        request.addEventListener("load", function () {
          if (request.status < 400 && request.responseURL) {
            window.location.assign(request.responseURL);
          } else {
            document.open(); document.write(request.responseText); document.close();
          }
        });
        request.send(new FormData(form));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    watchBreathing();
    watchUploads();
  });
  document.addEventListener("htmx:afterSwap", watchBreathing);
})();
