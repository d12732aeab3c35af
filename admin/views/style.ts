/** The panel's one stylesheet, served by the app itself (no CDN): a tidy office look that also works on a phone. */
export const stylesheet = `
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#d9e0e7; --bg:#f5f7fa; --card:#fff; --accent:#1f6feb; --accent-ink:#fff;
  --ok:#1a7f37; --warn:#9a6700; --bad:#cf222e; --radius:8px; font-size:15px; }
* { box-sizing:border-box; }
body { margin:0; font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:var(--bg); line-height:1.45; }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
header.top { background:#102a43; color:#fff; display:flex; flex-wrap:wrap; align-items:center; gap:.25rem 1rem; padding:.5rem 1rem; }
header.top .brand { font-weight:700; font-size:1.1rem; color:#fff; margin-right:.5rem; }
header.top nav { display:flex; flex-wrap:wrap; gap:.15rem .75rem; flex:1; }
header.top nav a { color:#cfe3ff; padding:.2rem 0; } header.top nav a[aria-current=page] { color:#fff; border-bottom:2px solid #fff; }
header.top .who { color:#cfe3ff; font-size:.9rem; display:flex; gap:.5rem; align-items:center; }
header.top .who button { background:none; border:1px solid #5f7fa5; color:#fff; padding:.15rem .5rem; }
main { max-width:1200px; margin:0 auto; padding:1rem; }
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
@media (max-width:640px) { main { padding:.5rem; } th, td { padding:.35rem .4rem; } .hide-phone { display:none; } }
`;
