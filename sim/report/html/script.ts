/**
 * The report's only script, inline (the file needs nothing else) and allowed by its hash in the
 * page's Content-Security-Policy, so that nothing else can run even if report text ever escaped
 * its escaping. It switches between the original and the shrunk case: with the buttons, or with
 * the keys `o` and `s`; without it (scripts off), both cases are shown one after the other. It
 * also keeps the lanes' headings just under the page's sticky header.
 */
export const TOGGLE_SCRIPT = `(() => {
  const buttons = [...document.querySelectorAll('button[data-show]')];
  const sections = [...document.querySelectorAll('section[data-case]')];
  const show = (which) => {
    if (!sections.some((s) => s.dataset.case === which)) return;
    for (const s of sections) s.hidden = s.dataset.case !== which;
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.show === which));
    document.getElementById('shown-case').textContent = which === 'minimized' ? 'the shrunk case' : 'the original case';
  };
  for (const b of buttons) b.addEventListener('click', () => show(b.dataset.show));
  // The lanes' headings stick under the page's header, whose height depends on the window.
  const header = document.querySelector('header.top');
  const fit = () => document.documentElement.style.setProperty('--header-height', header.offsetHeight + 'px');
  fit();
  window.addEventListener('resize', fit);
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'o') show('original');
    if (event.key === 's') show('minimized');
  });
})();`;
