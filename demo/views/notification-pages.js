/*
 * The demo's Inbox, History and Snoozed pages hold one <stockbell-inbox> on one of its tabs. When the
 * user switches tabs the widget says so (`stockbell-tab-change`), and this keeps the address, the
 * title, the heading and the navigation in step: the History tab never sits under an "Inbox" page.
 */
const PAGES = {
  inbox: { path: '/inbox', title: 'Inbox' },
  history: { path: '/history', title: 'History' },
  snoozed: { path: '/snoozed', title: 'Snoozed' },
};

document.addEventListener('stockbell-tab-change', (event) => {
  const page = PAGES[event.detail?.tab];
  if (!page) return;
  history.replaceState(history.state, '', page.path);
  document.title = document.title.replace(/^[^·]*·/, `${page.title} ·`);
  const heading = document.querySelector('main h1');
  if (heading) heading.textContent = page.title;
  for (const link of document.querySelectorAll('nav[aria-label="Main"] a')) {
    if (link.getAttribute('href') === page.path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
});
