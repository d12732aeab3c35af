/**
 * The panel's browser behaviour, served as /assets/panel.js (one cached file, no inline script or event handler, so
 * the CSP can forbid them). Each part starts only where its elements are on the page:
 * - `[data-audience-picker]`: a saved audience fills the checkboxes; any change recounts the recipients and points
 *   the count's link at the list of them.
 * - `form[data-preview]`: the Telegram preview redrawn as the form changes, by POST (a long text never overflows a
 *   URL); its formatting problems and any failure are shown next to it, never swallowed.
 * - `#broadcast-progress[data-live=yes]`: the report's numbers polled every second while the broadcast goes.
 * - `[data-confirm]` on a form or its submit button: asks before an action that tells people something or cannot be undone.
 * - `[data-select-on-focus]`, `[data-copy-from]`: select a read-only value; copy it to the clipboard.
 * Plain ES2017 for any current browser; no template literals here: this is a TS string.
 */
export const panelClientScript = `(function () {
  'use strict';
  function fields(form) {
    var data = new FormData(form);
    data.delete('_csrf');
    return data;
  }

  // Only the rule and its owner go in the URL: a long text elsewhere in the form would overflow it.
  var audienceFields = ['roles', 'audienceMunicipalities', 'schoolTags', 'schoolIds', 'subjects', 'topicIds', 'municipalityId'];
  document.querySelectorAll('[data-audience-picker]').forEach(function (picker) {
    var form = picker.closest('form');
    var out = document.getElementById('audience-count');
    if (!form || !out) return;
    var seq = 0;
    function recount() {
      var params = new URLSearchParams();
      fields(form).forEach(function (v, k) { if (typeof v === 'string' && audienceFields.indexOf(k) >= 0) params.append(k, v); });
      var mine = ++seq;
      fetch('/audiences/count?' + params.toString(), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (!j || mine !== seq) return;
          out.textContent = j.text;
          out.dataset.count = String(j.count);
          var link = document.getElementById('audience-list');
          if (link) link.href = '/audiences/recipients?' + params.toString();
        })
        .catch(function () {});
    }
    var saved = picker.querySelector('[data-audience-saved]');
    if (saved) saved.addEventListener('change', function () {
      var option = saved.selectedOptions[0];
      if (!option || !option.dataset.rule) return;
      var rule = JSON.parse(option.dataset.rule);
      picker.querySelectorAll('input[type=checkbox]').forEach(function (box) { box.checked = (rule[box.name] || []).indexOf(box.value) >= 0; });
      recount();
    });
    form.addEventListener('change', function (e) { if (e.target !== saved) recount(); });
  });

  document.querySelectorAll('form[data-preview]').forEach(function (form) {
    var box = document.getElementById('tg-preview');
    var problems = document.getElementById('html-problems');
    var failed = document.getElementById('preview-error');
    if (!box) return;
    var seq = 0;
    var timer;
    function redraw() {
      var body = new FormData(form);
      var mine = ++seq;
      fetch(form.dataset.preview, { method: 'POST', body: body, credentials: 'same-origin', headers: { 'x-csrf-token': String(body.get('_csrf') || '') } })
        .then(function (r) {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then(function (j) {
          if (mine !== seq) return;
          box.innerHTML = j.html;
          if (problems) problems.textContent = (j.problems || []).join(' ');
          if (failed) failed.hidden = true;
        })
        .catch(function () {
          if (mine !== seq || !failed) return;
          failed.hidden = false;
        });
    }
    form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(redraw, 150); });
    form.addEventListener('change', redraw);
  });

  var progress = document.getElementById('broadcast-progress');
  if (progress && progress.dataset.live === 'yes') {
    var bar = progress.querySelector('.progress-bar');
    var summary = document.getElementById('progress-summary');
    var status = document.getElementById('broadcast-status');
    var poll = function () {
      fetch(progress.dataset.url, { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (j) {
            bar.setAttribute('width', j.percent + '%');
            bar.dataset.percent = String(j.percent);
            progress.querySelector('.progress').setAttribute('aria-valuenow', String(j.percent));
            summary.textContent = j.summary;
            status.textContent = j.statusText;
            status.dataset.status = j.status;
            progress.querySelectorAll('[data-count]').forEach(function (cell) { cell.textContent = String(j[cell.dataset.count]); });
            if (j.status !== 'sending' && j.status !== 'scheduled') {
              progress.dataset.live = 'no';
              progress.querySelectorAll('[data-while-live]').forEach(function (el) { el.hidden = true; });
              return;
            }
          }
          setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 1000); });
    };
    setTimeout(poll, 1000);
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var button = e.submitter;
    var question = (button && button.getAttribute('data-confirm')) || (form && form.getAttribute && form.getAttribute('data-confirm'));
    if (question && !window.confirm(question)) e.preventDefault();
  });
  document.querySelectorAll('[data-select-on-focus]').forEach(function (input) {
    input.addEventListener('focus', function () { input.select(); });
  });
  document.querySelectorAll('[data-copy-from]').forEach(function (button) {
    button.addEventListener('click', function () {
      var source = document.getElementById(button.getAttribute('data-copy-from'));
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.value).then(function () { button.textContent = button.dataset.done; });
    });
  });
})();`;
