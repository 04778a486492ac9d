/** The report page's stylesheet (inlined: the page loads nothing). */
export const pageStyle = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1e23; background: #fff; margin: 0; }
main { max-width: 920px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 16px; word-break: break-all; }
h2 { font-size: 18px; margin: 0 0 4px; }
h3 { font-size: 14px; margin: 12px 0 4px; color: #444; }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 16px 0 8px; font-size: 13px; }
nav a { color: #2456b3; text-decoration: none; }
section.notebook { border-top: 1px solid #ddd; padding: 18px 0 10px; }
p.description { color: #555; margin: 0 0 10px; max-width: 760px; }
p.empty { color: #888; font-style: italic; }
table { border-collapse: collapse; font-size: 13px; }
table.summary { margin-bottom: 8px; }
table th, table td { border-bottom: 1px solid #eee; padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
table.summary td { font-variant-numeric: tabular-nums; word-break: break-all; }
table.gates tr.fail td { color: #b3261e; font-weight: 600; }
table.gates tr.pass td:nth-last-child(2) { color: #1e7b34; }
svg { overflow: visible; }
footer { color: #999; font-size: 12px; margin-top: 24px; }
`
