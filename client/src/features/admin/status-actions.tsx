/**
 * The buttons that move an order on. Only the statuses the shared transition
 * map allows from the current one are offered, and `expectedStatus` makes the
 * server refuse the move if someone else changed the order first.
 */
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { NOTE_MAX_LENGTH } from '../../../../src/shared/limits.ts';
import { nextStatuses, type OrderStatus } from '../../../../src/shared/order-status.ts';
import { queryClient, trpc } from '../../api.ts';
import { ErrorNotice } from '../../ui.tsx';
import { STATUS_LABELS } from '../orders/order-status.tsx';

const VERBS: Record<OrderStatus, string> = {
  pending: 'Reopen',
  processing: 'Start processing',
  shipped: 'Mark shipped',
  delivered: 'Mark delivered',
  cancelled: 'Cancel',
};

export function StatusActions({
  id,
  status,
  withNote = false,
}: {
  id: number;
  status: OrderStatus;
  withNote?: boolean;
}) {
  const [note, setNote] = useState('');
  const noteId = useId();
  const update = useMutation(
    trpc.orders.updateStatus.mutationOptions({
      onSuccess: () => setNote(''),
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.orders.pathFilter());
        void queryClient.invalidateQueries(trpc.reports.pathFilter());
      },
    }),
  );
  const options = nextStatuses(status);
  if (options.length === 0) return <span className="hint">No further steps ({STATUS_LABELS[status]})</span>;

  return (
    <div className="status-actions">
      {withNote && (
        <div className="field">
          <label htmlFor={noteId}>Note (optional)</label>
          <input
            id={noteId}
            value={note}
            maxLength={NOTE_MAX_LENGTH}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
      )}
      <div className="button-row">
        {options.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'cancelled' ? 'danger' : undefined}
            disabled={update.isPending}
            aria-label={`${VERBS[to]}: order #${id}`}
            onClick={() => update.mutate({ id, status: to, expectedStatus: status, note: note.trim() || undefined })}
          >
            {VERBS[to]}
          </button>
        ))}
      </div>
      {update.error && <ErrorNotice error={update.error} />}
    </div>
  );
}
