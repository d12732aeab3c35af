/**
 * The browser side of the sandbox chat, served as /sandbox/assets/sandbox.js (no inline script, so the page's
 * CSP can forbid them). Plain ES2017 for any current browser; no template literals here: this is a TS string.
 *
 * It polls GET api/messages once a second with the last `seq` it saw and gets back only the messages that
 * appeared or changed since (edits are re-rendered in place), deletions, callback-answer toasts and the reply
 * keyboard. Message HTML arrives already made safe by the server (telegramHtml); everything else is set as text.
 * Its texts come from locales/ through the page: JSON in the app's data-texts (see clientTexts in admin/views/sandbox/page.tsx).
 * With MAX beside Telegram (data-max) each person talks on either: on MAX the same calls go to api/max/…, the
 * dialog's message ids are MAX's strings (each view carries its `order`), and «Начать» or a max.ru link is bot_started.
 */
export const sandboxClientScript = String.raw`(function () {
  'use strict';
  var app = document.getElementById('sandbox');
  if (!app) return;
  var base = app.getAttribute('data-base') || '';
  var botName = (app.getAttribute('data-bot') || '').toLowerCase();
  var hasMax = app.getAttribute('data-max') === '1';
  var maxBotName = (app.getAttribute('data-max-bot') || '').toLowerCase();
  var texts = {};
  try { texts = JSON.parse(app.getAttribute('data-texts') || '{}') || {}; } catch (e) { texts = {}; }
  /** A text from the page, its {placeholders} filled from args. */
  function tr(key, args) {
    var text = typeof texts[key] === 'string' ? texts[key] : key;
    if (!args) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(args, name) ? String(args[name]) : whole;
    });
  }
  function $(id) { return document.getElementById(id); }
  var box = $('messages'), emptyPick = $('empty-pick'), emptyStart = $('empty-start'), empty = $('empty');
  var composer = $('composer'), input = $('text'), sendBtn = $('send'), menuBtn = $('menu-btn'), menu = $('menu');
  var who = $('who'), toast = $('toast'), offline = $('offline'), replyKb = $('reply-keyboard');
  var newcomers = $('newcomers'), newForm = $('newcomer-form'), newName = $('newcomer-name');
  var alertBox = $('alert'), alertText = $('alert-text'), alertOk = $('alert-ok');
  var chatsNav = $('chats'), tools = $('chat-tools'), attachBtn = $('attach-btn'), attachMenu = $('attach-menu');
  var attachPhoto = $('attach-photo'), attachDocument = $('attach-document');
  var STORE = 'mayak-sandbox-person';
  var MESSENGERS = 'mayak-sandbox-messengers';
  var messengerBox = $('messenger'), startBtn = $('start-btn');
  var narrow = window.matchMedia ? window.matchMedia('(max-width: 760px)') : { matches: false };

  var state = { person: null, messenger: 'telegram', chat: 0, chats: [], gen: 0, seq: 0, instance: null, timer: 0, inflight: false, again: false, stick: false, replyKb: 'null' };
  var rows = new Map();

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The same call on the person's messenger: MAX's live under api/max/. */
  function on(path) { return state.messenger === 'max' ? '/api/max' + path.slice(4) : path; }

  function api(method, path, body) {
    var init = { method: method, headers: { accept: 'application/json' }, cache: 'no-store' };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(base + path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data && data.error ? String(data.error) : tr('serverError', { status: res.status }));
        return data;
      });
    });
  }

  function reason(err) {
    var text = err && err.message ? err.message : String(err);
    if (text === 'Failed to fetch' || text.indexOf('NetworkError') !== -1) return tr('offline');
    return text.replace(/^[A-Za-z.]+: /, '');
  }

  // --- who am I ---

  function personButtons() { return Array.prototype.slice.call(document.querySelectorAll('.person')); }

  function personFrom(button) {
    return {
      id: Number(button.getAttribute('data-id')),
      firstName: button.getAttribute('data-first') || '',
      lastName: button.getAttribute('data-last') || '',
      name: button.getAttribute('data-name') || '',
      role: button.getAttribute('data-role') || '',
      newcomer: button.getAttribute('data-newcomer') === '1'
    };
  }

  function addNewcomerButton(p) {
    var li = el('li');
    var b = el('button', 'person');
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
    b.setAttribute('data-id', String(p.telegramId));
    b.setAttribute('data-first', p.firstName);
    b.setAttribute('data-last', '');
    b.setAttribute('data-name', p.name);
    b.setAttribute('data-role', p.role);
    b.setAttribute('data-newcomer', '1');
    var avatar = el('span', 'avatar hue-' + (Math.abs(p.telegramId) % 7), (Array.from(p.firstName)[0] || '?').toUpperCase());
    avatar.setAttribute('aria-hidden', 'true');
    b.appendChild(avatar);
    b.appendChild(el('span', 'pname', p.name));
    b.appendChild(el('span', 'prole', p.role));
    li.appendChild(b);
    newcomers.appendChild(li);
    return b;
  }

  function setPeopleOpen(open) { app.classList.toggle('people-open', open); }

  function storedMessengers() {
    try { return JSON.parse(localStorage.getItem(MESSENGERS) || '{}') || {}; } catch (e) { return {}; }
  }

  function showMessenger() {
    var max = state.messenger === 'max';
    app.classList.toggle('messenger-max', max);
    startBtn.textContent = max ? tr('startMax') : tr('startTelegram');
    if (!messengerBox) return;
    messengerBox.disabled = state.person === null;
    Array.prototype.forEach.call(messengerBox.querySelectorAll('[data-messenger]'), function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-messenger') === state.messenger));
    });
  }

  /** The person talks on this messenger from now on: the server makes it their preferred one (the outbox writes there). */
  function useMessenger(messenger) {
    if (!hasMax || !state.person) return;
    state.messenger = messenger;
    var saved = storedMessengers();
    saved[state.person.id] = messenger;
    try { localStorage.setItem(MESSENGERS, JSON.stringify(saved)); } catch (e) { /* private mode */ }
    showMessenger();
    api('POST', '/api/max/use', asPerson({ channel: messenger }, true)).then(null, function (err) { showToast(reason(err)); });
  }

  if (messengerBox) {
    messengerBox.addEventListener('click', function (e) {
      var button = e.target.closest ? e.target.closest('[data-messenger]') : null;
      if (!button || !state.person) return;
      var messenger = button.getAttribute('data-messenger');
      if (messenger === state.messenger) return;
      useMessenger(messenger);
      state.chat = state.person.id;
      state.chats = [];
      loadChats();
      restartChat();
      setComposerFor(null);
    });
  }

  function select(person) {
    state.person = person;
    state.chat = person.id;
    state.messenger = 'telegram';
    if (hasMax) useMessenger(storedMessengers()[person.id] === 'max' ? 'max' : 'telegram');
    state.chats = [];
    loadChats();
    state.gen++;
    state.seq = 0;
    state.instance = null;
    state.replyKb = 'null';
    personButtons().forEach(function (b) {
      b.setAttribute('aria-pressed', String(Number(b.getAttribute('data-id')) === person.id));
    });
    who.textContent = person.role ? tr('whoRole', { name: person.name, role: person.role }) : tr('who', { name: person.name });
    try { localStorage.setItem(STORE, JSON.stringify(person)); } catch (e) { /* private mode */ }
    clearMessages();
    renderReplyKeyboard(null);
    closeMenu();
    setComposerFor(null);
    setPeopleOpen(false);
    updateEmpty();
    if (!narrow.matches) input.focus();
    poll();
  }

  document.addEventListener('click', function (e) {
    var button = e.target.closest ? e.target.closest('.person') : null;
    if (button) select(personFrom(button));
  });

  newForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var name = newName.value.trim();
    if (!name) { newName.focus(); return; }
    api('POST', '/api/newcomer', { firstName: name }).then(function (p) {
      newName.value = '';
      select(personFrom(addNewcomerButton(p)));
    }, function (err) { showToast(reason(err)); });
  });

  $('toggle-people').addEventListener('click', function () { setPeopleOpen(!app.classList.contains('people-open')); });
  $('backdrop').addEventListener('click', function () { setPeopleOpen(false); });

  // --- messages ---

  function clearMessages() {
    rows.forEach(function (row) { row.remove(); });
    rows.clear();
  }

  function updateEmpty() {
    emptyPick.hidden = state.person !== null;
    emptyStart.hidden = state.person === null || rows.size > 0;
    empty.hidden = state.person !== null && rows.size > 0;
  }

  function time(seconds) {
    var d = new Date(seconds * 1000);
    return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
  }

  function renderKeyboard(m) {
    var kb = el('div', 'keyboard');
    m.buttons.forEach(function (buttons) {
      var line = el('div', 'kb-row');
      buttons.forEach(function (b) {
        var node;
        if (b.kind === 'url') {
          node = el('a', 'kb-btn url', b.text);
          node.href = b.url;
          node.target = '_blank';
          node.rel = 'noopener noreferrer';
          node.title = b.url;
        } else {
          node = el('button', 'kb-btn', b.text);
          node.type = 'button';
          if (b.kind === 'callback') {
            node.setAttribute('data-message', String(m.id));
            node.setAttribute('data-callback', b.data);
          } else {
            node.disabled = true;
            node.title = tr('deadButton');
          }
        }
        line.appendChild(node);
      });
      kb.appendChild(line);
    });
    return kb;
  }

  function renderMessage(m) {
    var row = el('div', 'row ' + (m.fromBot ? 'bot' : 'user'));
    row.setAttribute('data-id', String(m.id));
    row.setAttribute('data-order', String(typeof m.order === 'number' ? m.order : m.id));
    var bubble = el('div', 'bubble');
    if (m.author) bubble.appendChild(el('div', 'author', m.author));
    if (m.forwarded) bubble.appendChild(el('div', 'forwarded', tr('forwarded')));
    if (m.media) bubble.appendChild(renderMedia(m.media));
    if (m.album) {
      var grid = el('div', 'album');
      m.album.forEach(function (media) { grid.appendChild(renderMedia(media)); });
      bubble.appendChild(grid);
    }
    var text = el('div', 'text');
    text.innerHTML = m.html; // made safe on the server: only Telegram's tags, escaped text, checked hrefs
    text.appendChild(el('span', 'meta', m.edited ? tr('edited', { time: time(m.date) }) : time(m.date)));
    bubble.appendChild(text);
    row.appendChild(bubble);
    if (m.buttons.length > 0) {
      row.classList.add('has-kb');
      row.appendChild(renderKeyboard(m));
    }
    // Forwarding to the bot (as for /broadcast): any message of a group or channel, or the bot's own; Telegram's only.
    if (state.messenger === 'telegram' && (state.chat < 0 || m.fromBot)) {
      var fwd = el('button', 'fwd-btn', '↪ ' + tr('forward'));
      fwd.type = 'button';
      fwd.setAttribute('data-forward', String(m.id));
      row.appendChild(fwd);
    }
    return row;
  }

  function fileUrl(id) { return base + '/api/file?id=' + encodeURIComponent(id); }

  function renderMedia(media) {
    if (media.kind === 'photo') {
      if (!media.fileId || media.fileId.indexOf('http') === 0) return el('div', 'media', tr('photo'));
      var img = el('img', 'photo');
      img.src = fileUrl(media.fileId);
      img.alt = tr('photo');
      return img;
    }
    // A document as Telegram shows it: an icon with the extension, the name, the size, and a way to open it.
    var doc = el('div', 'doc');
    var name = media.name || tr('documentUnnamed');
    var ext = (/\.([A-Za-z0-9]{1,4})$/.exec(name) || [null, 'FILE'])[1].toUpperCase();
    doc.appendChild(el('span', 'doc-icon', ext));
    var info = el('div');
    info.appendChild(el('div', 'doc-name', name));
    if (media.size) info.appendChild(el('div', 'doc-size', media.size < 1024 ? media.size + ' B' : Math.round(media.size / 102.4) / 10 + ' KB'));
    if (media.fileId) {
      var open = el('a', '', tr('openFile'));
      open.href = fileUrl(media.fileId);
      open.target = '_blank';
      open.rel = 'noopener';
      info.appendChild(open);
    }
    doc.appendChild(info);
    return doc;
  }

  function upsert(m, flash) {
    var row = renderMessage(m);
    var key = String(m.id), order = Number(row.getAttribute('data-order'));
    var old = rows.get(key);
    if (old) {
      old.replaceWith(row);
      if (flash) row.classList.add('flash');
    } else {
      var next = null, nextOrder = Infinity;
      rows.forEach(function (other) {
        var o = Number(other.getAttribute('data-order'));
        if (o > order && o < nextOrder) { next = other; nextOrder = o; }
      });
      box.insertBefore(row, next);
    }
    rows.set(key, row);
    return !old;
  }

  function apply(data) {
    if (state.instance !== null && data.instance !== state.instance) {
      // The server restarted: what we hold belongs to another process. Start over.
      state.instance = null;
      state.seq = 0;
      clearMessages();
      state.again = true;
      return;
    }
    state.instance = data.instance;
    if (data.full) clearMessages();
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    var added = false;
    data.messages.forEach(function (m) { if (upsert(m, !data.full)) added = true; });
    data.deleted.forEach(function (id) {
      var row = rows.get(String(id));
      if (row) { row.remove(); rows.delete(String(id)); }
    });
    state.seq = data.seq;
    renderReplyKeyboard(data.replyKeyboard);
    data.toasts.forEach(function (t) { if (t.alert) showAlert(t.text); else showToast(t.text); });
    updateEmpty();
    if (added && (nearBottom || data.full || state.stick)) box.scrollTop = box.scrollHeight;
    if (added) state.stick = false;
  }

  function setOnline(ok) { offline.hidden = ok; }

  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(poll, ms);
  }

  function poll() {
    clearTimeout(state.timer);
    if (!state.person) return;
    if (state.inflight) { state.again = true; return; }
    var gen = state.gen;
    state.inflight = true;
    state.again = false;
    api('GET', on('/api/messages') + '?chat=' + state.chat + '&after=' + state.seq).then(function (data) {
      if (gen !== state.gen) return;
      apply(data);
      setOnline(true);
    }, function () {
      if (gen === state.gen) setOnline(false);
    }).then(function () {
      state.inflight = false;
      if (state.again || gen !== state.gen) schedule(0);
      else schedule(document.hidden ? 5000 : 1000);
    });
  }

  // After a send or a press the bot answers within moments: look a few times sooner than the regular second.
  function soon() {
    poll();
    setTimeout(poll, 300);
    setTimeout(poll, 900);
  }

  document.addEventListener('visibilitychange', function () { if (!document.hidden) poll(); });

  // --- talking ---

  function needPerson() {
    showToast(tr('pickFirst'));
    setPeopleOpen(true);
  }

  function send(text) {
    if (!state.person) { needPerson(); return Promise.resolve(false); }
    var p = state.person, gen = state.gen;
    state.stick = true;
    var body = asPerson({ text: text });
    return api('POST', on('/api/send'), body).then(function () {
      soon();
      return true;
    }, function (err) {
      if (gen === state.gen) showToast(reason(err));
      return false;
    });
  }

  function press(button) {
    if (!state.person || button.classList.contains('pending')) return;
    var p = state.person, gen = state.gen;
    button.classList.add('pending');
    var id = button.getAttribute('data-message');
    var body = asPerson({ messageId: state.messenger === 'max' ? id : Number(id), data: button.getAttribute('data-callback') });
    api('POST', on('/api/press'), body).then(soon, function (err) {
      if (gen === state.gen) showToast(reason(err));
    }).then(function () {
      // The bot usually edits or answers at once, which re-renders the message; this is for when it does not.
      setTimeout(function () { button.classList.remove('pending'); }, 1500);
    });
  }

  /** The start payload of a link to this bot on the open messenger (t.me or max.ru; '' for a bare link), or null for any other link. */
  function deepLink(href) {
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    var max = state.messenger === 'max';
    var hosts = max ? /^(www\.)?max\.ru$/i : /^(www\.)?(t\.me|telegram\.me)$/i;
    if (!/^https?:$/.test(url.protocol) || !hosts.test(url.hostname)) return null;
    var name = url.pathname.replace(/^\/+|\/+$/g, '').toLowerCase();
    if (!name || name.indexOf('/') !== -1) return null;
    var own = max ? maxBotName : botName;
    if (own ? name !== own : !/bot$/.test(name)) return null;
    return url.searchParams.get('start') || '';
  }

  /** Starting the bot: /start on Telegram, MAX's bot_started (its «Начать», or a link's payload) on MAX. */
  function start(payload) {
    if (state.messenger !== 'max') return send(payload ? '/start ' + payload : '/start');
    if (!state.person) { needPerson(); return Promise.resolve(false); }
    state.stick = true;
    var body = asPerson({}, true);
    if (payload) body.payload = payload;
    return api('POST', '/api/max/start', body).then(function () { soon(); return true; }, function (err) { showToast(reason(err)); return false; });
  }

  box.addEventListener('click', function (e) {
    var target = e.target;
    if (!target || !target.closest) return;
    var callback = target.closest('[data-callback]');
    if (callback) { press(callback); return; }
    var forward = target.closest('[data-forward]');
    if (forward) {
      api('POST', '/api/forward', asPerson({ from: state.chat, messageId: Number(forward.getAttribute('data-forward')) }, true)).then(function () {
        openChat(state.person.id);
      }, function (err) { showToast(reason(err)); });
      return;
    }
    var command = target.closest('[data-command]');
    if (command) { e.preventDefault(); send(command.getAttribute('data-command')); return; }
    var link = target.closest('a[href]');
    if (link) {
      // A link to this very bot (an invite) does in the sandbox what it does in Telegram: /start with its payload.
      var payload = deepLink(link.getAttribute('href'));
      if (payload !== null) {
        e.preventDefault();
        start(payload);
      }
    }
  });

  startBtn.addEventListener('click', function () { start(''); });

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 160) + 'px';
  }
  input.addEventListener('input', autosize);

  composer.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    if (!state.person) { needPerson(); return; }
    sendBtn.disabled = true;
    send(text).then(function (ok) {
      sendBtn.disabled = false;
      if (ok) { input.value = ''; autosize(); }
      if (!narrow.matches) input.focus();
    });
  });

  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (composer.requestSubmit) composer.requestSubmit();
      else composer.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  function renderReplyKeyboard(keyboard) {
    var key = JSON.stringify(keyboard || null);
    if (key === state.replyKb) return;
    state.replyKb = key;
    replyKb.textContent = '';
    if (!keyboard || keyboard.length === 0) { replyKb.hidden = true; return; }
    keyboard.forEach(function (buttons) {
      var line = el('div', 'kb-row');
      buttons.forEach(function (text) {
        var b = el('button', 'reply-btn', text);
        b.type = 'button';
        b.addEventListener('click', function () { send(text); });
        line.appendChild(b);
      });
      replyKb.appendChild(line);
    });
    replyKb.hidden = false;
  }

  // --- the command menu ---

  function closeMenu() { menu.hidden = true; }

  menuBtn.addEventListener('click', function () {
    if (!menu.hidden) { closeMenu(); return; }
    if (!state.person) { needPerson(); return; }
    api('GET', on('/api/commands') + '?chat=' + state.chat).then(function (data) {
      menu.textContent = '';
      if (data.commands.length === 0) menu.appendChild(el('div', 'menu-empty', tr('noCommands')));
      data.commands.forEach(function (c) {
        var item = el('button', 'menu-item');
        item.type = 'button';
        item.setAttribute('role', 'menuitem');
        item.appendChild(el('span', 'menu-cmd', '/' + c.command));
        item.appendChild(el('span', 'menu-desc', c.description));
        item.addEventListener('click', function () { closeMenu(); send('/' + c.command); });
        menu.appendChild(item);
      });
      menu.hidden = false;
      var first = menu.querySelector('button');
      if (first) first.focus();
    }, function (err) { showToast(reason(err)); });
  });

  document.addEventListener('click', function (e) {
    if (!menu.hidden && !menu.contains(e.target) && !menuBtn.contains(e.target)) closeMenu();
  });

  // --- chats: the private chat with the bot, the person's groups, the channels ---

  /** The request body acting as the chosen person, in the open group when there is one (noIn: never). */
  function asPerson(body, noIn) {
    var p = state.person;
    body.chat = p.id;
    body.firstName = p.firstName;
    if (p.lastName) body.lastName = p.lastName;
    if (!noIn && state.chat < 0) body['in'] = state.chat;
    return body;
  }

  function currentChat() {
    for (var i = 0; i < state.chats.length; i++) if (state.chats[i].id === state.chat) return state.chats[i];
    return null;
  }

  function loadChats() {
    // On MAX the sandbox plays the person's dialog with the bot only.
    if (state.messenger === 'max') { setChats([{ id: state.person.id, kind: 'private', title: tr('titleMax') }]); return; }
    var gen = state.gen + 1;
    api('GET', '/api/chats?person=' + state.person.id).then(function (data) {
      if (gen !== state.gen) return;
      setChats(data.chats);
    }, function () { /* the chat list is a convenience; the private chat works without it */ });
  }

  function setChats(chats) {
    state.chats = chats;
    // A group that became a supergroup has a new id: follow it.
    if (!currentChat()) {
      var group = null;
      chats.forEach(function (c) { if (c.kind === 'supergroup' && state.chat < 0 && !group) group = c; });
      state.chat = group ? group.id : state.person.id;
      restartChat();
    }
    renderChats();
  }

  function renderChats() {
    chatsNav.textContent = '';
    state.chats.forEach(function (c) {
      var b = el('button', 'chat-tab', (c.kind === 'channel' ? '📢 ' : c.kind === 'private' ? '' : '👥 ') + c.title);
      b.type = 'button';
      b.setAttribute('data-chat', String(c.id));
      b.setAttribute('aria-pressed', String(c.id === state.chat));
      b.addEventListener('click', function () { openChat(c.id); });
      chatsNav.appendChild(b);
    });
    chatsNav.hidden = state.chats.length <= 1;
    var open = currentChat();
    if (open) $('chat-title').textContent = open.title;
    renderTools();
  }

  function restartChat() {
    state.gen++;
    state.seq = 0;
    state.instance = null;
    state.replyKb = 'null';
    clearMessages();
    renderReplyKeyboard(null);
    closeMenu();
    updateEmpty();
    poll();
  }

  function openChat(id) {
    if (id !== state.chat) {
      state.chat = id;
      restartChat();
    } else poll();
    renderChats();
    setComposerFor(currentChat());
  }

  function setComposerFor(chat) {
    var readonly = chat !== null && chat.kind === 'channel';
    input.disabled = readonly;
    sendBtn.disabled = readonly;
    attachBtn.disabled = readonly || state.messenger === 'max';
    menuBtn.disabled = readonly;
    input.placeholder = readonly ? tr('channelReadonly') : input.getAttribute('aria-label');
  }

  function statusText(status) {
    return tr({ creator: 'statusCreator', administrator: 'statusAdministrator', member: 'statusMember' }[status] || 'statusLeft');
  }

  function toolButton(label, action) {
    var b = el('button', '', label);
    b.type = 'button';
    b.addEventListener('click', action);
    return b;
  }

  function groupAction(action, member) {
    var body = asPerson({ group: state.chat, action: action }, true);
    if (member !== undefined) body.member = member;
    api('POST', '/api/group', body).then(function (data) { setChats(data.chats); soon(); }, function (err) { showToast(reason(err)); });
  }

  function renderTools() {
    var chat = currentChat();
    tools.textContent = '';
    if (!chat || chat.kind === 'private') { tools.hidden = true; return; }
    if (chat.kind === 'channel') {
      tools.appendChild(el('strong', '', tr('channelRights') + ':'));
      var rights = chat.bot;
      [['admin', 'channelAdmin'], ['post', 'channelPost'], ['edit', 'channelEdit'], ['delete', 'channelDelete']].forEach(function (pair) {
        var label = el('label');
        var box = el('input');
        box.type = 'checkbox';
        box.checked = !!rights[pair[0]];
        box.setAttribute('data-right', pair[0]);
        box.addEventListener('change', function () {
          var body = asPerson({ channel: chat.id }, true);
          Array.prototype.forEach.call(tools.querySelectorAll('[data-right]'), function (b) { body[b.getAttribute('data-right')] = b.checked; });
          api('POST', '/api/channel', body).then(function (data) { setChats(data.chats); }, function (err) { showToast(reason(err)); });
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(' ' + tr(pair[1])));
        tools.appendChild(label);
      });
      tools.hidden = false;
      return;
    }
    tools.appendChild(el('strong', '', tr('members') + ':'));
    chat.members.forEach(function (m) {
      var item = el('span', 'member');
      item.appendChild(el('span', '', m.name));
      item.appendChild(el('span', 'muted', '(' + statusText(m.status) + ')'));
      if (chat.canManage && m.bot) {
        var inGroup = m.status !== 'left' && m.status !== 'kicked';
        item.appendChild(toolButton(inGroup ? tr('removeBot') : tr('addBot'), function () { groupAction(inGroup ? 'remove-bot' : 'add-bot'); }));
      } else if (chat.canManage && m.status !== 'creator' && m.id !== state.person.id) {
        var admin = m.status === 'administrator';
        item.appendChild(toolButton(admin ? tr('demote') : tr('promote'), function () { groupAction(admin ? 'demote' : 'promote', m.id); }));
      }
      tools.appendChild(item);
    });
    if (chat.canManage && chat.kind === 'group') tools.appendChild(toolButton(tr('migrate'), function () { groupAction('migrate'); }));
    tools.hidden = false;
  }

  // --- photos and documents ---

  function sendMedia(body) {
    api('POST', '/api/media', asPerson(body)).then(soon, function (err) { showToast(reason(err)); });
  }

  attachBtn.addEventListener('click', function () {
    if (!attachMenu.hidden) { attachMenu.hidden = true; return; }
    api('GET', '/api/demo-files').then(function (data) {
      attachMenu.textContent = '';
      data.files.forEach(function (f) {
        var item = el('button', 'menu-item', (f.kind === 'photo' ? '🖼 ' : '📄 ') + f.name);
        item.type = 'button';
        item.setAttribute('data-demo-file', f.id);
        item.addEventListener('click', function () { attachMenu.hidden = true; sendMedia({ kind: f.kind, demo: f.id, caption: input.value.trim() }); input.value = ''; });
        attachMenu.appendChild(item);
      });
      [[attachPhoto, 'attachPhoto'], [attachDocument, 'attachDocument']].forEach(function (pair) {
        var item = el('button', 'menu-item', tr(pair[1]));
        item.type = 'button';
        item.addEventListener('click', function () { attachMenu.hidden = true; pair[0].click(); });
        attachMenu.appendChild(item);
      });
      attachMenu.hidden = false;
    }, function (err) { showToast(reason(err)); });
  });

  [[attachPhoto, 'photo'], [attachDocument, 'document']].forEach(function (pair) {
    pair[0].addEventListener('change', function () {
      var file = pair[0].files && pair[0].files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var data = String(reader.result).replace(/^data:[^,]*,/, '');
        sendMedia({ kind: pair[1], name: file.name, data: data, caption: input.value.trim() });
        input.value = '';
        pair[0].value = '';
      };
      reader.readAsDataURL(file);
    });
  });

  // --- toasts and alerts (answerCallbackQuery) ---

  var toastTimer = 0;
  function showToast(text) {
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toast.hidden = true; }, 2800);
  }

  function showAlert(text) {
    alertText.textContent = text;
    alertBox.hidden = false;
    alertOk.focus();
  }
  alertOk.addEventListener('click', function () { alertBox.hidden = true; });

  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    if (!alertBox.hidden) alertBox.hidden = true;
    else if (!menu.hidden) closeMenu();
    else setPeopleOpen(false);
  });

  // --- start ---

  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(STORE) || 'null'); } catch (e) { saved = null; }
  var restored = null;
  if (saved && typeof saved.id === 'number') {
    personButtons().forEach(function (b) { if (Number(b.getAttribute('data-id')) === saved.id) restored = b; });
  }
  if (restored) select(personFrom(restored));
  else {
    updateEmpty();
    if (narrow.matches) setPeopleOpen(true);
  }
})();
`;
