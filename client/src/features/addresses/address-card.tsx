/** One saved address: shown as on a parcel, with edit, make-default and a delete that asks first. */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { queryClient, trpc } from '../../api.ts';
import type { Outputs } from '../../types.ts';
import { ErrorNotice } from '../../ui.tsx';
import { AddressForm } from './address-form.tsx';
import { type Address, addressSummary, PostalAddress } from './postal-address.tsx';

export type SavedAddress = Outputs['addresses']['list'][number];

/** The address's own fields, without its id, default flag and timestamp. */
export function fieldsOf({ id: _, isDefault: __, updatedAt: ___, ...fields }: SavedAddress): Address {
  return fields;
}

const refreshAddresses = () => queryClient.invalidateQueries(trpc.addresses.pathFilter());

type Props = {
  address: SavedAddress;
  /** Says what a change did, in the page's live region (the card itself may be gone). */
  announce: (message: string) => void;
};

export function AddressCard({ address, announce }: Props) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const update = useMutation(trpc.addresses.update.mutationOptions({ onSettled: refreshAddresses }));
  const remove = useMutation(trpc.addresses.remove.mutationOptions({ onSettled: refreshAddresses }));
  const label = `${address.name}, ${address.line1}`;

  if (mode === 'edit') {
    return (
      <li className="address-card" aria-label={addressSummary(address)}>
        <AddressForm
          title={`Edit ${label}`}
          submitLabel="Save address"
          initial={fieldsOf(address)}
          pending={update.isPending}
          error={update.error}
          onSave={(fields) =>
            update.mutate(
              { id: address.id, ...fields },
              {
                onSuccess: () => {
                  setMode('view');
                  announce('Address saved.');
                },
              },
            )
          }
          onCancel={() => {
            update.reset();
            setMode('view');
          }}
          focusOnOpen
        />
      </li>
    );
  }

  return (
    <li className="card address-card" aria-label={addressSummary(address)}>
      <PostalAddress address={address} />
      {address.isDefault && <span className="badge default-address">Default</span>}
      {mode === 'confirm-delete' ? (
        <ConfirmDelete
          pending={remove.isPending}
          onDelete={() => remove.mutate({ id: address.id }, { onSuccess: () => announce('Address deleted.') })}
          onKeep={() => setMode('view')}
        />
      ) : (
        <div className="button-row">
          <button type="button" onClick={() => setMode('edit')} aria-label={`Edit ${label}`}>
            Edit
          </button>
          {!address.isDefault && (
            <button
              type="button"
              disabled={update.isPending}
              onClick={() =>
                update.mutate(
                  { id: address.id, ...fieldsOf(address), isDefault: true },
                  { onSuccess: () => announce(`${label} is now your default address.`) },
                )
              }
              aria-label={`Make ${label} my default address`}
            >
              Make default
            </button>
          )}
          <button
            type="button"
            className="danger"
            onClick={() => setMode('confirm-delete')}
            aria-label={`Delete ${label}`}
          >
            Delete
          </button>
        </div>
      )}
      {(update.error ?? remove.error) && <ErrorNotice error={update.error ?? remove.error} />}
    </li>
  );
}

type ConfirmProps = { pending: boolean; onDelete: () => void; onKeep: () => void };

/** Asks before deleting; focus goes to "Keep it", so a stray Enter keeps the address. */
function ConfirmDelete({ pending, onDelete, onKeep }: ConfirmProps) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  return (
    <div className="confirm-delete">
      <p>Delete this address? Orders already placed keep their own copy.</p>
      <div className="button-row">
        <button type="button" className="danger" disabled={pending} onClick={onDelete}>
          Delete address
        </button>
        <button ref={keep} type="button" onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
