// A form that posts is sent once: while its request is on its way the form refuses a second submit and its
// buttons are disabled (and say so to screen readers). The server recognises a repeat anyway (src/lib/submit-once.ts);
// this only keeps the page honest. Works for plain forms (the page navigates away) and for htmx forms (re-enabled
// when htmx's request ends, so an inline error can be corrected and sent again).
(() => {
  if (window.__vipSubmitOnce) return;
  window.__vipSubmitOnce = true;
  const RETRY_AFTER_MS = 15000;

  const isPost = (form) => (form.getAttribute('method') || '').toLowerCase() === 'post' || form.hasAttribute('data-hx-post');
  const buttonsOf = (form) => [
    ...form.querySelectorAll('button:not([type="button"]):not([type="reset"]), input[type="submit"]'),
    ...(form.id ? document.querySelectorAll(`button[form="${CSS.escape(form.id)}"], input[type="submit"][form="${CSS.escape(form.id)}"]`) : []),
  ];

  function release(form) {
    if (!form.hasAttribute('data-sending')) return;
    form.removeAttribute('data-sending');
    form.removeAttribute('aria-busy');
    clearTimeout(form.__vipRetry);
    for (const button of buttonsOf(form)) {
      if (button.hasAttribute('data-disabled-by-send')) {
        button.disabled = false;
        button.removeAttribute('data-disabled-by-send');
      }
    }
  }

  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !isPost(form)) return;
      if (form.hasAttribute('data-sending')) {
        // the second click of a double click: the first is already on its way
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      form.setAttribute('data-sending', '');
      form.setAttribute('aria-busy', 'true');
      // disabled after the browser (or htmx) has read the form, so the pressed button's value is still sent
      setTimeout(() => {
        if (!form.hasAttribute('data-sending')) return;
        for (const button of buttonsOf(form)) {
          if (!button.disabled) {
            button.disabled = true;
            button.setAttribute('data-disabled-by-send', '');
          }
        }
      }, 0);
      // a navigation that never completes (the network dropped): let the person try again
      form.__vipRetry = setTimeout(() => release(form), RETRY_AFTER_MS);
    },
    true,
  );

  // htmx: the request is over (answered, refused or failed) — the form may be sent again if it is still here
  document.addEventListener('htmx:finally:request', (event) => {
    const form = event.target instanceof Element ? event.target.closest('form') : null;
    if (form) release(form);
  });

  // back to a page kept in the browser's cache: its forms are usable again
  window.addEventListener('pageshow', () => {
    for (const form of document.querySelectorAll('form[data-sending]')) release(form);
  });
})();
