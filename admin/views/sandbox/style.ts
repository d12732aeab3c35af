/**
 * The sandbox web chat's stylesheet: Telegram's look (bubbles, inline keyboards, the chat list), served as
 * /sandbox/assets/sandbox.css so the page's CSP needs no 'unsafe-inline'.
 */
export const sandboxStylesheet = `
:root { --accent: #3390ec; --muted: #707579; --line: #e3e6ea; --bubble-out: #effdde; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; height: 100%; }
body { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #000; background: #fff; }
.app { display: flex; flex-direction: column; height: 100vh; height: 100dvh; }
.note { flex: none; background: #fff6d6; color: #5f4b00; border-bottom: 1px solid #efdf9f; padding: 6px 12px; font-size: 13px; text-align: center; }
.layout { flex: 1; display: flex; min-height: 0; position: relative; }
.sidebar { width: 330px; flex: none; overflow-y: auto; border-right: 1px solid var(--line); padding: 12px 10px 20px; background: #fff; }
.sidebar h2 { font-size: 17px; margin: 4px 8px 4px; }
.sidebar h3 { font-size: 15px; margin: 18px 8px 2px; }
.hint { color: var(--muted); font-size: 13px; margin: 0 8px 8px; }
.hint.small a { color: var(--accent); text-decoration: none; }
.people { list-style: none; margin: 0; padding: 0; }
.person { display: grid; grid-template-columns: 42px 1fr; column-gap: 10px; align-items: center; width: 100%; text-align: left; background: none; border: 0; border-radius: 10px; padding: 7px 8px; cursor: pointer; font: inherit; color: inherit; }
.person:hover { background: #f1f3f5; }
.person:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.person[aria-pressed="true"] { background: var(--accent); color: #fff; }
.person .avatar { grid-row: span 2; }
.pname { font-weight: 500; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.prole { font-size: 13px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.person[aria-pressed="true"] .prole { color: #e6f1fd; }
.avatar { width: 42px; height: 42px; border-radius: 50%; display: grid; place-items: center; color: #fff; font-weight: 600; font-size: 15px; flex: none; }
.avatar.bot { background: linear-gradient(#5caffa, #3390ec); width: 40px; height: 40px; }
.hue-0 { background: linear-gradient(#ff885e, #ff516a); } .hue-1 { background: linear-gradient(#ffcd6a, #ffa85c); }
.hue-2 { background: linear-gradient(#82b1ff, #665fff); } .hue-3 { background: linear-gradient(#a0de7e, #54cb68); }
.hue-4 { background: linear-gradient(#53edd6, #28c9b7); } .hue-5 { background: linear-gradient(#72d5fd, #2a9ef1); }
.hue-6 { background: linear-gradient(#e0a2f3, #d669ed); }
.newcomer-form { display: flex; gap: 6px; margin: 4px 8px 8px; }
.newcomer-form input { flex: 1; min-width: 0; font: inherit; padding: 7px 10px; border: 1px solid #cfd5db; border-radius: 8px; }
.newcomer-form input:focus { outline: none; border-color: var(--accent); }
.newcomer-form button { font: inherit; border: 0; border-radius: 8px; padding: 7px 12px; background: var(--accent); color: #fff; cursor: pointer; }
.chat { flex: 1; min-width: 0; display: flex; flex-direction: column; position: relative; background: #c9dcb6 linear-gradient(160deg, #d9e7c3 0%, #b9d3b4 55%, #a6c9bd 100%); }
.chat-head { flex: none; display: flex; align-items: center; gap: 10px; padding: 8px 14px; background: #fff; border-bottom: 1px solid var(--line); }
.titles { min-width: 0; }
.title { font-weight: 600; }
.subtitle { font-size: 13px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.icon-btn { display: none; font-size: 20px; background: none; border: 0; padding: 4px 8px; cursor: pointer; color: var(--muted); }
.offline { flex: none; background: #fdecea; color: #8a1f11; text-align: center; font-size: 13px; padding: 4px; }
.messages { flex: 1; overflow-y: auto; padding: 14px 12px 10px; display: flex; flex-direction: column; gap: 6px; }
.empty { margin: auto; text-align: center; color: #fff; background: rgba(0, 0, 0, .22); border-radius: 14px; padding: 10px 18px; max-width: 320px; }
.empty p { margin: 4px 0; }
.start-btn { margin-top: 10px; font: inherit; font-weight: 600; border: 0; border-radius: 10px; padding: 8px 16px; background: #fff; color: var(--accent); cursor: pointer; }
.row { display: flex; flex-direction: column; max-width: min(560px, 86%); }
.row.bot { align-self: flex-start; }
.row.user { align-self: flex-end; align-items: flex-end; }
.row.has-kb { min-width: min(280px, 86%); }
.row.has-kb .bubble { align-self: stretch; }
.bubble { background: #fff; border-radius: 14px; padding: 6px 10px 5px; box-shadow: 0 1px 1px rgba(0, 0, 0, .13); max-width: 100%; }
.row.bot .bubble { border-bottom-left-radius: 5px; }
.row.user .bubble { background: var(--bubble-out); border-bottom-right-radius: 5px; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.text a { color: #1f78c1; text-decoration: none; cursor: pointer; }
.text a:hover { text-decoration: underline; }
.text a.bad-link { color: inherit; text-decoration: underline dotted; cursor: help; }
.text code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13.5px; background: rgba(0, 0, 0, .06); border-radius: 4px; padding: 0 3px; }
.text pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13.5px; background: rgba(0, 0, 0, .06); border-radius: 6px; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; }
.text pre code { background: none; padding: 0; }
.meta { float: right; margin: 7px -2px -3px 12px; font-size: 11.5px; color: #8c9a93; white-space: nowrap; user-select: none; }
.row.user .meta { color: #5fae5b; }
.media, .forwarded, .author { font-size: 13px; color: var(--accent); margin-bottom: 3px; }
.author { font-weight: 600; }
.album { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 3px; margin-bottom: 4px; }
.album .photo { width: 100%; height: 140px; object-fit: cover; margin: 0; }
.photo { display: block; max-width: 100%; max-height: 260px; border-radius: 10px; margin-bottom: 4px; }
.doc { display: flex; align-items: center; gap: 10px; margin-bottom: 4px; }
.doc-icon { width: 40px; height: 40px; border-radius: 50%; background: var(--accent); color: #fff; display: grid; place-items: center; font-size: 12px; font-weight: 700; flex: none; }
.doc-name { font-weight: 500; overflow-wrap: anywhere; }
.doc-size { font-size: 12px; color: var(--muted); }
.doc a { color: var(--accent); font-size: 13px; }
.fwd-btn { align-self: flex-start; font-size: 12px; background: rgba(0, 0, 0, .18); color: #fff; border: 0; border-radius: 10px; padding: 2px 8px; margin-top: 3px; cursor: pointer; }
.chats { flex: none; display: flex; gap: 6px; overflow-x: auto; padding: 6px 10px; background: #fff; border-bottom: 1px solid var(--line); }
.chat-tab { flex: none; font: inherit; font-size: 13px; border: 1px solid #d6dbe0; background: #fff; border-radius: 14px; padding: 4px 10px; cursor: pointer; }
.chat-tab[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.chat-tools { flex: none; background: #f7f9fb; border-bottom: 1px solid var(--line); padding: 6px 12px; font-size: 13px; display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; }
.chat-tools button { font: inherit; font-size: 12.5px; border: 1px solid #cfd5db; background: #fff; border-radius: 8px; padding: 3px 8px; cursor: pointer; }
.chat-tools .member { display: inline-flex; gap: 6px; align-items: center; }
.chat-tools .muted { color: var(--muted); }
.keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; }
.kb-row { display: flex; gap: 4px; }
.kb-btn { flex: 1 1 0; min-width: 0; display: block; text-align: center; font: inherit; font-size: 14px; font-weight: 500; line-height: 1.25; color: #fff; background: rgba(45, 75, 60, .38); border: 0; border-radius: 10px; padding: 9px 10px; cursor: pointer; text-decoration: none; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kb-btn:hover { background: rgba(45, 75, 60, .5); }
.kb-btn:disabled { cursor: not-allowed; opacity: .6; }
.kb-btn.url::after { content: " ↗"; font-size: 12px; opacity: .85; }
.kb-btn.pending { opacity: .6; cursor: progress; }
.flash .bubble { animation: flash 1.2s ease-out; }
@keyframes flash { from { box-shadow: 0 0 0 3px #ffd54f; } to { box-shadow: 0 1px 1px rgba(0, 0, 0, .13); } }
.toast { position: absolute; top: 66px; left: 50%; transform: translateX(-50%); max-width: min(420px, 86%); background: rgba(0, 0, 0, .78); color: #fff; padding: 9px 16px; border-radius: 12px; font-size: 14px; text-align: center; z-index: 5; pointer-events: none; white-space: pre-wrap; }
.menu { position: absolute; left: 10px; bottom: 62px; z-index: 6; background: #fff; border-radius: 12px; box-shadow: 0 4px 22px rgba(0, 0, 0, .22); min-width: 260px; max-width: calc(100% - 20px); max-height: 55%; overflow-y: auto; padding: 6px 0; }
.menu-item { display: flex; gap: 12px; width: 100%; text-align: left; background: none; border: 0; font: inherit; padding: 8px 14px; cursor: pointer; }
.menu-item:hover, .menu-item:focus-visible { background: #f1f3f5; outline: none; }
.menu-cmd { color: var(--accent); font-weight: 500; }
.menu-desc { color: var(--muted); }
.menu-empty { padding: 8px 14px; color: var(--muted); }
.reply-kb { flex: none; display: flex; flex-direction: column; gap: 5px; padding: 6px 8px; background: #eef1f4; border-top: 1px solid var(--line); }
.reply-btn { flex: 1 1 0; font: inherit; background: #fff; border: 0; border-radius: 8px; padding: 9px; box-shadow: 0 1px 1px rgba(0, 0, 0, .12); cursor: pointer; }
.composer { flex: none; display: flex; align-items: flex-end; gap: 8px; padding: 8px 10px calc(8px + env(safe-area-inset-bottom, 0px)); background: #fff; border-top: 1px solid var(--line); }
.composer textarea { flex: 1; min-width: 0; resize: none; font: inherit; line-height: 1.35; padding: 8px 14px; border: 1px solid #d6dbe0; border-radius: 18px; max-height: 160px; outline: none; background: #fff; }
.composer textarea:focus { border-color: var(--accent); }
.menu-btn { flex: none; width: 38px; height: 38px; border-radius: 50%; border: 0; background: #eaf3fd; color: var(--accent); font: 600 18px/1 ui-monospace, Menlo, monospace; cursor: pointer; }
.send-btn { flex: none; height: 38px; border: 0; border-radius: 19px; padding: 0 16px; font: inherit; font-weight: 600; background: var(--accent); color: #fff; cursor: pointer; }
.send-btn:disabled, .menu-btn:disabled, .composer textarea:disabled { opacity: .5; cursor: default; }
.alert-backdrop { position: fixed; inset: 0; background: rgba(0, 0, 0, .35); display: flex; align-items: center; justify-content: center; z-index: 30; padding: 16px; }
.alert-box { background: #fff; border-radius: 14px; padding: 18px 20px 12px; max-width: 360px; width: 100%; box-shadow: 0 8px 30px rgba(0, 0, 0, .25); }
.alert-box p { margin: 0 0 12px; white-space: pre-wrap; }
.alert-box button { float: right; font: inherit; font-weight: 600; color: var(--accent); background: none; border: 0; padding: 6px 10px; cursor: pointer; }
.backdrop { display: none; }
@media (max-width: 760px) {
  .icon-btn { display: block; }
  .sidebar { position: absolute; top: 0; bottom: 0; left: 0; z-index: 20; width: min(88vw, 340px); transform: translateX(-102%); transition: transform .2s ease; box-shadow: 0 0 24px rgba(0, 0, 0, .25); }
  .app.people-open .sidebar { transform: none; }
  .app.people-open .backdrop { display: block; position: absolute; inset: 0; z-index: 19; background: rgba(0, 0, 0, .3); }
  .row { max-width: 90%; }
  .send-btn { padding: 0 12px; }
  .chat-head { padding: 6px 8px; }
}
.messenger { margin: 0 0 0 auto; padding: 0; border: 0; display: flex; gap: 0; flex: none; }
.messenger legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.messenger-btn { font: inherit; font-size: 13px; font-weight: 500; border: 1px solid #cfd5db; background: #fff; color: #222; padding: 5px 10px; cursor: pointer; }
.messenger-btn:first-of-type { border-radius: 14px 0 0 14px; }
.messenger-btn:last-of-type { border-radius: 0 14px 14px 0; border-left: 0; }
.messenger-btn[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.messenger:disabled .messenger-btn { opacity: .5; cursor: default; }
/* MAX's look: a light chat, its violet accent, its buttons as outlined pills under the bubble. */
.app.messenger-max { --accent: #6b38fb; --bubble-out: #e9e2ff; }
.app.messenger-max .chat { background: #f2f3f7; }
.app.messenger-max .avatar.bot { background: linear-gradient(135deg, #3fa6ff, #6b38fb 60%, #b832ff); }
.app.messenger-max .bubble { border-radius: 16px; box-shadow: none; border: 1px solid #e3e4ea; }
.app.messenger-max .text a { color: var(--accent); }
.app.messenger-max .text mark { background: #fff1a8; }
.app.messenger-max .kb-btn { color: var(--accent); background: #fff; border: 1px solid #d9cffd; border-radius: 12px; }
.app.messenger-max .kb-btn:hover { background: #f3efff; }
.app.messenger-max .meta, .app.messenger-max .row.user .meta { color: #8d8fa0; }
.app.messenger-max .empty { color: #333; background: #fff; border: 1px solid #e3e4ea; }
.app.messenger-max .start-btn { background: var(--accent); color: #fff; }
@media (max-width: 760px) {
  .messenger-btn { padding: 4px 8px; font-size: 12.5px; }
  .chat-head .titles { flex: 1; }
}
`;
