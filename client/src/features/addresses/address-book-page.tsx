/** The customer's address book: the addresses checkout offers, one of them the default it picks first. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { MAX_ADDRESSES } from '../../../../src/shared/limits.ts';
import { describeError, errorReason, queryClient, trpc } from '../../api.ts';
import { Empty, QueryView } from '../../ui.tsx';
import { AddressCard } from './address-card.tsx';
import { AddressForm } from './address-form.tsx';

const FULL = `Your address book is full: it holds at most ${MAX_ADDRESSES} addresses. Delete one to add another.`;

export function AddressBookPage() {
  const addresses = useQuery(trpc.addresses.list.queryOptions());
  const [announcement, setAnnouncement] = useState('');
  return (
    <section aria-labelledby="address-book-title" className="address-book">
      <h1 id="address-book-title">Address book</h1>
      <p className="hint">Checkout offers these addresses and picks your default one first.</p>
      {/* Always present, so screen readers hear a change; it only looks like a notice once it says something. */}
      <p role="status" className={announcement ? 'notice success' : 'visually-hidden'}>
        {announcement}
      </p>
      <QueryView query={addresses} loading="Loading your addresses…">
        {(list) => (
          <>
            {list.length === 0 ? (
              <Empty>You have no saved addresses yet.</Empty>
            ) : (
              <ul className="address-list" aria-label="Saved addresses">
                {list.map((address) => (
                  <AddressCard key={address.id} address={address} announce={setAnnouncement} />
                ))}
              </ul>
            )}
            {list.length >= MAX_ADDRESSES ? (
              <p className="hint">{FULL}</p>
            ) : (
              <NewAddress first={list.length === 0} announce={setAnnouncement} />
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

function NewAddress({ first, announce }: { first: boolean; announce: (message: string) => void }) {
  const [open, setOpen] = useState(first);
  const add = useMutation(
    trpc.addresses.add.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.addresses.pathFilter()),
    }),
  );
  if (!open) {
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Add an address
      </button>
    );
  }
  return (
    <>
      <AddressForm
        title="New address"
        submitLabel="Save address"
        offerDefault={!first}
        pending={add.isPending}
        error={add.error}
        describeRefusal={(error) => (errorReason(error) === 'TOO_MANY_ADDRESSES' ? FULL : describeError(error))}
        onSave={(fields, makeDefault) =>
          add.mutate(
            { ...fields, isDefault: makeDefault },
            {
              onSuccess: () => {
                setOpen(false);
                announce(first || makeDefault ? 'Address saved as your default.' : 'Address saved.');
              },
            },
          )
        }
        onCancel={
          first
            ? undefined
            : () => {
                add.reset();
                setOpen(false);
              }
        }
        focusOnOpen={!first}
      />
      {first && <p className="hint">Your first address becomes your default.</p>}
    </>
  );
}
