// Starts GOV.UK Frontend and MoJ Frontend on every page.
//
// GOV.UK Frontend's page template sets these body classes with an inline script, which our
// Content-Security-Policy forbids (script-src 'self'); we take that script out of the template
// (src/web/plugins/views.ts) and set them here. A module script only runs in browsers that
// support modules, which is what `govuk-frontend-supported` means.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

// The same ?v= fingerprint as this file's own URL, so the long cache never serves an old copy.
const version = new URL(import.meta.url).search;
const govukFrontend = await import(`./govuk-frontend.min.js${version}`);
const mojFrontend = await import(`./moj/moj-frontend.min.js${version}`);

govukFrontend.initAll();
mojFrontend.initAll();

// "Print this page" buttons are hidden until this script can make them work.
for (const wrapper of document.querySelectorAll('[data-module="app-print-button"]')) {
  wrapper.hidden = false;
  wrapper.querySelector("button")?.addEventListener("click", () => window.print());
}
