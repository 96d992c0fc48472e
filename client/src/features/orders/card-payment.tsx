/**
 * A card order's side of the shopper's order page (the customer's and a
 * guest's link): back from Stripe's page (`?session_id=cs_…`), the payment is
 * confirmed once (`payments.confirmReturn`) and the order is read again every
 * few seconds while the payment is still pending, so a webhook that lands
 * later shows too; and while a card payment is owed, "Pay now" opens the
 * order's Checkout Session (`payments.cardSession`, the same session every
 * time) and sends the shopper there.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { queryClient, trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import type { OrderDetail } from './order-items.tsx';

/** How the page reaches the order: a customer by its id, a guest by the order link's token. */
export type CardViewer = { orderId: number } | { token: string };

const POLL_EVERY_MS = 2_000;
/** About a minute: past that, a payment still pending is left to a reload (the cron settles it at Stripe). */
const MAX_POLLS = 30;

/** The session Stripe sent the shopper back with, if this page was opened from its success URL. */
function returnedSessionId(): string | null {
  const id = new URLSearchParams(window.location.search).get('session_id');
  return id?.startsWith('cs_') ? id : null;
}

const owesCard = (order: OrderDetail) =>
  order.status === 'pending' && order.payment?.method === 'card' && order.payment.status === 'pending';

function orderQuery(viewer: CardViewer) {
  return 'token' in viewer
    ? trpc.orders.byLink.queryOptions({ token: viewer.token })
    : trpc.orders.get.queryOptions({ id: viewer.orderId });
}

/** Back from Stripe: confirms once, then polls the order (the page's own query) while the payment is pending. */
function useCardReturn(viewer: CardViewer, order: OrderDetail) {
  const sessionId = useRef(returnedSessionId()).current;
  const confirm = useMutation(
    trpc.payments.confirmReturn.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.orders.pathFilter()),
    }),
  );
  const asked = useRef(false);
  useEffect(() => {
    // Once per page, StrictMode's second effect included: the server applies it once anyway.
    if (!sessionId || asked.current) return;
    asked.current = true;
    confirm.mutate({ sessionId });
  }, [sessionId, confirm.mutate]);

  const polls = useRef(0);
  const pending = order.payment?.status === 'pending';
  useQuery({
    ...orderQuery(viewer),
    enabled: sessionId !== null && confirm.isSuccess && pending,
    refetchInterval: () => {
      polls.current += 1;
      return polls.current <= MAX_POLLS ? POLL_EVERY_MS : false;
    },
  });
  return { returned: sessionId !== null, confirm };
}

function ReturnNotice({
  order,
  confirm,
}: {
  order: OrderDetail;
  confirm: ReturnType<typeof useCardReturn>['confirm'];
}) {
  if (confirm.error) return <ErrorNotice error={confirm.error} />;
  if (!confirm.isSuccess) {
    return (
      <p className="notice" role="status">
        Checking your card payment…
      </p>
    );
  }
  if (order.payment?.status === 'captured') {
    return (
      <p className="notice success" role="status">
        Thank you! Your card payment went through.
      </p>
    );
  }
  if (owesCard(order)) {
    const waiting = confirm.data.sessionStatus === 'processing' || confirm.data.sessionStatus === 'paid';
    return (
      <p className="notice warning" role="status">
        {waiting
          ? 'Your card payment is being processed; this page updates when it is done.'
          : 'Your card payment was not completed. You can pay now, before the items are released.'}
      </p>
    );
  }
  return null;
}

function PayNowButton({ viewer }: { viewer: CardViewer }) {
  const open = useMutation(
    trpc.payments.cardSession.mutationOptions({
      onSuccess: (order) => {
        if (order.payment?.sessionUrl) window.location.assign(order.payment.sessionUrl);
      },
      onError: () => queryClient.invalidateQueries(trpc.orders.pathFilter()),
    }),
  );
  return (
    <div className="pay-now">
      <button type="button" onClick={() => open.mutate(viewer)} disabled={open.isPending || open.isSuccess}>
        Pay now
      </button>
      {open.error !== null && <ErrorNotice error={open.error} />}
    </div>
  );
}

export function CardPayment({ viewer, order }: { viewer: CardViewer; order: OrderDetail }) {
  const { returned, confirm } = useCardReturn(viewer, order);
  if (order.payment?.method !== 'card') return null;
  return (
    <>
      {returned && <ReturnNotice order={order} confirm={confirm} />}
      {owesCard(order) && <PayNowButton viewer={viewer} />}
    </>
  );
}
