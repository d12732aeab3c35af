/** The panel's one stylesheet, served by the app itself (no CDN): a tidy office look that also works on a phone. */
export const stylesheet = `
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#d9e0e7; --bg:#f5f7fa; --card:#fff; --accent:#0b57c5; --accent-ink:#fff;
  --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --radius:8px; font-size:15px; }
* { box-sizing:border-box; }
body { margin:0; font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
main p a, main li a, main td a, main .muted a, form.filters > a { text-decoration:underline; text-underline-offset:2px; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
header.top { background:#102a43; color:#fff; display:flex; flex-wrap:wrap; align-items:center; gap:.25rem 1rem; padding:.5rem 1rem; }
header.top .brand { font-weight:700; font-size:1.1rem; color:#fff; margin-right:auto; }
header.top .who { color:#cfe3ff; font-size:.9rem; display:flex; gap:.5rem; align-items:center; } header.top .who a { color:#cfe3ff; }
header.top .who button, header.top .menu-toggle { background:none; border:1px solid #5f7fa5; border-radius:6px; color:#fff; padding:.15rem .5rem; font-size:.9rem; }
/* The menu: a sidebar beside the page on a wide screen; on a phone a list that the «Меню» label's checkbox opens. */
.menu-open { position:absolute; opacity:0; width:1px; height:1px; margin:0; }
.menu-open:focus-visible + .menu-toggle { outline:2px solid #fff; outline-offset:2px; }
.frame { display:grid; grid-template-columns:12.5rem minmax(0,1fr); min-height:calc(100vh - 3rem); }
#main-nav { background:#fff; border-right:1px solid var(--line); padding:.75rem 0 1rem; font-size:.95rem; }
#main-nav a { display:block; color:var(--ink); padding:.2rem 1rem; border-left:3px solid transparent; }
#main-nav a:hover { background:var(--bg); text-decoration:none; }
#main-nav a[aria-current=page] { border-left-color:var(--accent); background:#eaf1fb; color:var(--accent); font-weight:600; }
#main-nav .nav-group { margin-top:.6rem; }
#main-nav .nav-group-name { display:block; color:var(--muted); font-size:.75rem; text-transform:uppercase; letter-spacing:.03em; padding:0 1rem .1rem; }
header.top .menu-toggle { display:none; cursor:pointer; }
@media (max-width:760px) {
  header.top .menu-toggle { display:inline-block; }
  header.top .who { flex-basis:100%; justify-content:space-between; }
  .frame { display:block; }
  #main-nav { display:none; border-right:none; border-bottom:1px solid var(--line); columns:2 10rem; column-gap:1rem; }
  #main-nav .nav-group { break-inside:avoid; }
  body:has(.menu-open:checked) #main-nav { display:block; }
}
@media (min-width:761px) { .menu-open { display:none; } }
main { max-width:1200px; margin:0 auto; padding:1rem; min-width:0; width:100%; }
h1 { font-size:1.4rem; margin:.5rem 0 1rem; } h2 { font-size:1.15rem; margin:1.5rem 0 .5rem; }
.card { background:var(--card); border:1px solid var(--line); border-radius:var(--radius); padding:1rem; margin-bottom:1rem; }
.grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(200px,1fr)); gap:.75rem; }
.stat { display:block; background:var(--card); border:1px solid var(--line); border-radius:var(--radius); padding:.75rem 1rem; color:var(--ink); }
.stat b { display:block; font-size:1.6rem; } .stat span { color:var(--muted); font-size:.9rem; }
.stat.alert b { color:var(--bad); }
.columns { display:grid; grid-template-columns:repeat(auto-fit,minmax(min(100%,340px),1fr)); gap:.75rem; margin-top:1rem; }
.columns .card { margin-bottom:0; } .columns h2 { margin-top:0; } h3 { font-size:1rem; margin:1rem 0 .25rem; }
ul.plain { list-style:none; padding:0; margin:0 0 .5rem; } ul.plain li { padding:.3rem 0; border-bottom:1px solid var(--line); overflow-wrap:anywhere; }
ul.plain li:last-child { border-bottom:none; } .bad { color:var(--bad); }
svg.spark { display:block; width:100%; height:48px; margin-top:.4rem; } svg.spark rect { fill:var(--accent); }
table { width:100%; border-collapse:collapse; background:var(--card); border:1px solid var(--line); border-radius:var(--radius); overflow:hidden; }
th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef2f6; font-weight:600; font-size:.9rem; }
tr:last-child td { border-bottom:none; }
.table-wrap { overflow-x:auto; }
form.inline { display:inline; }
form.filters { display:flex; flex-wrap:wrap; gap:.5rem; align-items:flex-end; margin-bottom:1rem; }
label { display:block; font-size:.9rem; color:var(--muted); }
label > input, label > select, label > textarea { display:block; margin-top:.2rem; }
input, select, textarea, button { font:inherit; padding:.4rem .55rem; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--ink); max-width:100%; }
input[type=checkbox] { width:auto; }
button, .button { background:var(--accent); color:var(--accent-ink); border-color:var(--accent); cursor:pointer; display:inline-block; }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.field { margin-bottom:.8rem; }
.field .error, .error { color:var(--bad); font-size:.9rem; }
.checks { display:flex; flex-wrap:wrap; gap:.25rem 1rem; } .checks label { color:var(--ink); display:flex; gap:.3rem; align-items:center; }
.checks-scroll { max-height:14rem; overflow:auto; border:1px solid var(--line); padding:.4rem; border-radius:6px; }
.flash { padding:.6rem 1rem; border-radius:var(--radius); margin-bottom:1rem; background:#dafbe1; border:1px solid #a6e9b4; }
.flash.bad { background:#ffebe9; border-color:#ffc1bc; }
.muted { color:var(--muted); } .tag { display:inline-block; background:#eef2f6; border-radius:999px; padding:0 .5rem; font-size:.8rem; margin-right:.2rem; }
.status-active { color:var(--ok); } .status-pending, .status-imported { color:var(--warn); } .status-blocked, .status-deactivated, .status-rejected { color:var(--bad); }
.pager { display:flex; gap:1rem; align-items:center; margin:.75rem 0; }
.login { max-width:360px; margin:4rem auto; }
.login input { width:100%; }
/* Road maps: a doubtful parsed row, the review table's cells, the execution statuses. */
tr.doubt td { background:#fff7e0; }
.doubts { color:#8a5a00; font-size:.85em; }
.review input, .review select, .review textarea { width:100%; min-width:4rem; font-size:.9em; }
.review textarea { min-height:4rem; min-width:18rem; }
.review td:nth-child(3) input { min-width:9rem; }
.review td:nth-child(6) input, .review td:nth-child(7) input { min-width:8rem; }
.review td:last-child button { display:block; width:100%; margin:0 0 .2rem; padding:.2rem .4rem; font-size:.8em; }
.rm-done, .rm-done_late { color:#2e8540; } .rm-overdue { color:#b00020; font-weight:600; } .rm-postponed, .rm-cancelled { color:#666; }
@media (max-width:640px) { main { padding:.5rem; } th, td { padding:.35rem .4rem; } .hide-phone { display:none; } }
/* Telegram previews and broadcast reports */
.composer { display:grid; grid-template-columns:minmax(0,3fr) minmax(0,2fr); gap:1rem; align-items:start; }
@media (max-width:900px) { .composer { grid-template-columns:minmax(0,1fr); } }
.button-row { display:flex; gap:.4rem; flex-wrap:wrap; margin-bottom:.3rem; }
.buttons-set { border:1px solid var(--line); border-radius:var(--radius); padding:.5rem .75rem; margin:.5rem 0; }
.tg-chat { background:#c8d8b0; background:linear-gradient(160deg,#d5e4bd,#a9c7a0); padding:1rem; border-radius:var(--radius); max-width:460px; }
.tg-bubble { background:#fff; border-radius:12px 12px 12px 4px; padding:.5rem .75rem; white-space:pre-wrap; word-wrap:break-word; font-size:.95rem; box-shadow:0 1px 1px rgba(0,0,0,.15); }
.tg-attachment { background:#e8eef5; border-radius:8px; padding:1.5rem .5rem; text-align:center; margin-bottom:.4rem; color:#456; white-space:normal; }
.tg-bubble code, .tg-bubble pre { font-family:ui-monospace,monospace; font-size:.9em; }
.tg-bubble blockquote { margin:.2rem 0; padding-left:.5rem; border-left:3px solid var(--accent); }
.tg-bubble .tg-spoiler { background:#ccc; color:transparent; border-radius:3px; }
.tg-row { display:flex; gap:4px; margin-top:4px; }
.tg-button { flex:1; text-align:center; background:rgba(40,70,40,.35); color:#fff; border-radius:8px; padding:.4rem .5rem; font-size:.9rem; font-weight:500; }
.progress { display:block; width:100%; background:#e9edf2; border-radius:999px; height:1.2rem; overflow:hidden; }
.progress-bar { fill:var(--accent); }
table.counts td, table.counts th { text-align:center; }
/* The events' month calendar */
.cal-nav { display:flex; justify-content:space-between; align-items:center; gap:.5rem; margin:.5rem 0; }
.cal-nav b { font-size:1.1rem; display:inline-block; text-align:center; } .cal-nav b::first-letter { text-transform:uppercase; }
table.cal { table-layout:fixed; }
table.cal td { height:6.5rem; padding:.25rem; font-size:.85rem; }
table.cal td.out { background:#f7f8fa; color:var(--muted); }
table.cal td.today .cal-day { background:var(--accent); color:#fff; border-radius:999px; padding:0 .45rem; display:inline-block; }
.cal-wd { display:none; }
.cal-ev { display:block; margin-top:.2rem; padding:.15rem .3rem; border-left:3px solid var(--accent); background:#eef4ff; border-radius:4px; overflow-wrap:anywhere; color:var(--ink); }
.cal-ev.st-draft { border-left-color:var(--muted); background:#f1f3f5; }
.cal-ev.st-cancelled { border-left-color:var(--bad); text-decoration:line-through; background:#fff0ef; }
.cal-time { font-weight:600; } .cal-kind { display:block; color:var(--muted); font-size:.8rem; }
@media (max-width:640px) {
  table.cal, table.cal tbody, table.cal tr, table.cal td { display:block; width:100%; height:auto; }
  table.cal thead, table.cal td:not(.busy) { display:none; }
  table.cal td.busy { border-bottom:1px solid var(--line); padding:.5rem; }
  .cal-wd { display:inline; }
  .cal-day { font-weight:600; }
}
/* Surveys */
.survey-questions li { margin-bottom: 1rem; }
.q-actions { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; }
button.link { background: none; border: 0; color: #2a6fb0; padding: 0; cursor: pointer; text-decoration: underline; }
.survey-preview { max-width: 420px; margin: .4rem 0; }
.survey-preview .tg-bubble { background: #eef6ff; border-radius: 10px; padding: .5rem .75rem; }
.survey-preview .tg-row { display: flex; gap: 4px; margin-top: 4px; }
.survey-preview .tg-button { color: var(--ink); flex: 1; text-align: center; background: #dde8f3; border-radius: 6px; padding: .3rem; font-size: .9rem; }
.chart { max-width: 640px; display: block; height:auto; }
.result { border-top: 1px solid #ddd; padding-top: .5rem; }
.texts { max-height: 20rem; overflow: auto; }
/* The tasks' completion matrix */
table.matrix { border-collapse:collapse; font-size:.8rem; }
table.matrix th, table.matrix td { border:1px solid var(--line); padding:.2rem .35rem; }
table.matrix td { min-width:1.4rem; }
.cell { display:inline-block; min-width:1rem; padding:0 .3rem; border-radius:3px; }
td.cell { display:table-cell; }
.st-pending { background:#eef1f4; } .st-overdue { background:#f4c7c3; } .st-problem { background:#fde293; }
.st-returned { background:#f9d9b5; } .st-confirmed { background:#c6e6c6; } .st-verified { background:#2e8540; color:#fff; }
.legend .cell { margin-right:.4rem; }
table.matrix td.p { background:#eef1f4; } table.matrix td.o { background:#f4c7c3; } table.matrix td.x { background:#fde293; }
table.matrix td.r { background:#f9d9b5; } table.matrix td.c { background:#c6e6c6; } table.matrix td.v { background:#2e8540; }
ul.timeline { padding-left:1rem; }
/* Instead of style attributes (the CSP allows no inline style) */
fieldset.bare { border:none; padding:0; margin:0; min-width:0; }
.mt-0 { margin-top:0; } .mt-1 { margin-top:1rem; } .mt-s { margin-top:.75rem; } .mb-1 { margin-bottom:1rem; }
.wide-input { width:100%; font-size:1.1em; } .mono-input { font-family:monospace; width:100%; }
.card.ok { border-color:var(--ok); } .secret { font-size:1.2rem; user-select:all; }
a.button.small { padding:.4rem .8rem; border-radius:6px; }
`;
