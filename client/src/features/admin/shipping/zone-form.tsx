/**
 * A shipping zone, new or edited: its name and its countries. Saving
 * replaces the zone's countries whole, in one batch on the server, so a
 * refused country leaves the zone as it was.
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { SHIPPING_NAME_MAX_LENGTH } from '../../../../../src/shared/limits.ts';
import { queryClient, serverFieldErrors, trpc } from '../../../api.ts';
import { ErrorNotice, Field, type FieldErrors } from '../../../ui.tsx';
import { CountryPicker } from './country-picker.tsx';

export type Zone = { id: number; name: string; countries: string[] };

type Props = {
  /** The zone edited; a new one when absent. */
  zone?: Zone;
  /** Countries in the other zones, by code, with their zone's name. */
  taken: ReadonlyMap<string, string>;
  onDone: () => void;
};

const refreshShipping = () => queryClient.invalidateQueries(trpc.shipping.pathFilter());

export function ZoneForm({ zone, taken, onDone }: Props) {
  const [name, setName] = useState(zone?.name ?? '');
  const [countries, setCountries] = useState<string[]>(zone?.countries ?? []);
  const [errors, setErrors] = useState<FieldErrors>({});
  const titleId = useId();
  const options = { onSuccess: onDone, onSettled: refreshShipping };
  const create = useMutation(trpc.shipping.createZone.mutationOptions(options));
  const update = useMutation(trpc.shipping.updateZone.mutationOptions(options));
  const save = zone ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!name.trim()) found.name = 'Name the zone, e.g. European Union';
    if (countries.length === 0) found.countries = 'Add at least one country';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const input = { name: name.trim(), countries };
    if (zone) update.mutate({ id: zone.id, ...input });
    else create.mutate(input);
  };

  const shown = { ...serverFieldErrors(save.error), ...errors };
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{zone ? `Edit ${zone.name}` : 'New shipping zone'}</h3>
      <Field
        label="Zone name"
        name="name"
        maxLength={SHIPPING_NAME_MAX_LENGTH}
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={shown.name}
      />
      <CountryPicker chosen={countries} onChange={setCountries} taken={taken} error={shown.countries} />
      {save.error && !shown.name && !shown.countries && <ErrorNotice error={save.error} />}
      <div className="button-row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {zone ? 'Save zone' : 'Add zone'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
