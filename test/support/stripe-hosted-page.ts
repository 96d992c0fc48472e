/**
 * Test support only: the local Stripe server's stand-in for Stripe's hosted
 * Checkout page, so a real browser can "pay" a session in the browser tests.
 * `GET /c/pay/<session id>` (the session's `url`) shows the amount and a Pay
 * button; its form POSTs back, the session completes paid (as the server's
 * /_test/sessions/:id/pay does), and the shopper is sent to the session's
 * `success_url` with `{CHECKOUT_SESSION_ID}` replaced, as Stripe does.
 * "Back to the shop" goes to `cancel_url` unpaid. No card form: nothing here
 * imitates what Stripe's real page checks.
 */
import type { ServerResponse } from 'node:http';
import type { Session } from './stripe-objects.ts';

/** The path of a session's hosted page: the server answers it without an API key, as Stripe's page needs none. */
export const HOSTED_PAGE_PATH = /^\/c\/pay\/(cs_\w+)$/;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(session: Session): string {
  const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
  const open = session.status === 'open';
  const cancel = typeof session.cancel_url === 'string' ? session.cancel_url : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local Stripe Checkout (test)</title></head>
<body>
<main>
<h1>Local Stripe Checkout (test)</h1>
<p>Pay <strong data-testid="amount">${escapeHtml(amount)}</strong></p>
${
  open
    ? `<form method="post"><button type="submit">Pay</button></form>`
    : `<p role="status">This Checkout Session is ${escapeHtml(session.status)}.</p>`
}
${cancel ? `<p><a href="${escapeHtml(cancel)}">Back to the shop</a></p>` : ''}
</main>
</body></html>`;
}

/**
 * Answers the hosted page for `session`: the page on GET; on POST, `pay(session)`
 * and a 303 to its success URL. `pay` throws as the API would for a session
 * that is not open; the page then shows where the session stands.
 */
export function answerHostedPage(
  method: string,
  session: Session | undefined,
  pay: (session: Session) => Session,
  response: ServerResponse,
): void {
  const html = (status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  };
  if (!session) {
    html(404, '<!doctype html><title>Not found</title><p>No such Checkout Session.</p>');
    return;
  }
  if (method === 'POST' && session.status === 'open') {
    pay(session);
    const success = typeof session.success_url === 'string' ? session.success_url : '';
    response.writeHead(303, { location: success.replaceAll('{CHECKOUT_SESSION_ID}', session.id) });
    response.end();
    return;
  }
  html(200, page(session));
}
