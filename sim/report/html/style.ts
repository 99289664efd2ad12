/**
 * The report's styles. Colours are the Okabe-Ito palette, which stays distinguishable under the
 * common colour-vision deficiencies, and no meaning rests on colour alone: every lane, outcome,
 * fate and fault also has a symbol and a word. Text stays dark on light backgrounds for contrast.
 */
export const STYLE = `
:root { --black:#000; --orange:#E69F00; --sky:#56B4E9; --green:#009E73; --yellow:#F0E442; --blue:#0072B2; --vermillion:#D55E00; --purple:#CC79A7;
  --grey:#6b6b6b; --paper:#fff; --ink:#1a1a1a; --muted:#555; --line:#d0d0d0; font-family: system-ui, sans-serif; color: var(--ink); background: var(--paper); }
body { margin: 0; padding: 0 1rem 2rem; font-size: 14px; line-height: 1.35; }
a { color: var(--blue); }
:focus-visible { outline: 3px solid var(--blue); outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--paper); padding: .25rem .5rem; z-index: 10; }
header.top { position: sticky; top: 0; z-index: 5; background: var(--paper); border-bottom: 2px solid var(--ink); padding: .5rem 0; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
header.top h1 { font-size: 1.15rem; margin: 0; }
.toggle { display: flex; gap: .25rem; align-items: center; }
.toggle button { font: inherit; padding: .3rem .7rem; border: 2px solid var(--ink); background: var(--paper); color: var(--ink); border-radius: 4px; cursor: pointer; }
.toggle button[aria-pressed="true"] { background: var(--ink); color: var(--paper); }
.toggle button[aria-pressed="true"]::before { content: "\\2714\\00a0"; }
.toggle button:disabled { border-style: dashed; color: var(--muted); cursor: not-allowed; }
.meta { color: var(--muted); }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; } h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; font-size: 12px; margin: .5rem 0; padding: .4rem .6rem; border: 1px solid var(--line); border-radius: 4px; }
.violations { border: 3px solid var(--vermillion); border-radius: 6px; padding: .3rem .8rem; background: #fdf0e6; }
.violations li { margin: .3rem 0; } .violations .explained { font-weight: 600; }
.inv { font-family: ui-monospace, monospace; font-weight: 700; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; overflow-wrap: anywhere; }
.grid { display: grid; border: 1px solid var(--line); border-radius: 4px; margin-top: .4rem; column-gap: 0; }
.grid > * { min-width: 0; }

.colhead { position: sticky; top: var(--header-height, 3.5rem); z-index: 3; background: #f2f2f2; font-weight: 700; padding: .3rem .5rem; border-bottom: 2px solid var(--ink); font-size: 12px; }
.axis { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); padding: 1px .4rem; text-align: right; border-right: 1px solid var(--line); }
.lanebg { border-right: 1px solid var(--line); }
.bar { z-index: 0; margin: 0 0 0 .35rem; border-left: 6px solid var(--lane); background: color-mix(in srgb, var(--lane) 12%, transparent); border-radius: 0 3px 3px 0; }
.bar.cut { border-left-style: dashed; }
.bar.named { outline: 3px solid var(--vermillion); outline-offset: -1px; background: repeating-linear-gradient(135deg, #fbe3d3 0 6px, #fff 6px 12px); }
.cell { z-index: 1; }
.item { padding: 1px .4rem 1px 1rem; font-size: 12px; }
.item.call { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
.item.call.failed { font-weight: 700; }
.item.after { color: var(--muted); font-style: italic; }
.item.op { font-weight: 600; }
.item.op.named { color: #8a3600; }
.crash { grid-column: 1 / -1; z-index: 2; margin: .25rem 0; padding: .25rem .6rem; border-top: 4px dashed var(--vermillion); border-bottom: 4px dashed var(--vermillion); background: #fff4ec; font-weight: 700; }
.badge { display: inline-block; border: 2px solid currentColor; border-radius: 3px; padding: 0 .3rem; margin-left: .3rem; font-family: system-ui, sans-serif; font-style: normal; font-size: 11px; font-weight: 700; background: var(--paper); }
.fate-survived { color: #00664a; } .fate-lost { color: #a04000; } .fate-torn { color: #7a5400; } .fate-size-only { color: #8c3f70; }
.fault { color: #5c2a7a; }
.named-mark { color: #a04000; }
.sectors { display: inline-flex; gap: 2px; vertical-align: middle; margin-left: .3rem; }
.sectors span { width: 14px; height: 14px; border: 2px solid var(--ink); font-size: 9px; line-height: 10px; text-align: center; }
.sectors .kept { background: var(--ink); color: var(--paper); } .sectors .lost { background: var(--paper); }
table { border-collapse: collapse; margin-top: .3rem; } th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.note { border-left: 4px solid var(--orange); background: #fff8e6; padding: .3rem .6rem; }
ol.calls { font-family: ui-monospace, monospace; font-size: 12px; padding-left: 0; list-style: none; } ol.calls li { padding: 1px 0; }
.lane-mark { font-weight: 700; }
.summary { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 1.5rem; }
@media (max-width: 900px) { .summary { grid-template-columns: minmax(0, 1fr); } }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
