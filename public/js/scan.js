// Scanning a ticket's QR code with the phone camera at the door, where the browser can (BarcodeDetector).
// Typing the code always works; this only fills the search box for you. Loaded once per page (no inline code).
(() => {
  if (window.__vipScan) return;
  window.__vipScan = true;
  const supported = 'BarcodeDetector' in window && !!navigator.mediaDevices?.getUserMedia;
  if (supported) document.documentElement.classList.add('can-scan');

  let session = null;

  function stop() {
    if (!session) return;
    clearInterval(session.timer);
    session.stream?.getTracks().forEach((track) => track.stop());
    session.box.hidden = true;
    session.button.textContent = session.label;
    session = null;
  }

  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-scan-for]') : null;
    if (!button) return;
    event.preventDefault();
    if (session) return stop();
    const targetId = button.getAttribute('data-scan-for');
    const input = document.getElementById(targetId);
    const box = document.querySelector(`[data-scanner-for="${targetId}"]`);
    const video = box?.querySelector('video');
    if (!input || !box || !video) return;
    try {
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      session = { button, box, stream, label: button.textContent, timer: 0 };
      video.srcObject = stream;
      await video.play();
      box.hidden = false;
      button.textContent = button.getAttribute('data-scan-stop') || button.textContent;
      session.timer = setInterval(async () => {
        const found = await detector.detect(video).catch(() => []);
        if (found.length === 0) return;
        input.value = found[0].rawValue;
        stop();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, 300);
    } catch {
      stop();
      input.placeholder = button.getAttribute('data-scan-unsupported') || '';
      input.focus();
    }
  });

  // leaving the page (or htmx swapping it away) turns the camera off
  document.addEventListener('htmx:before:swap', stop);
  window.addEventListener('pagehide', stop);
})();
