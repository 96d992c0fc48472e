import { z } from 'zod';
import { taxRateInput } from '../../shared/admin-fields.ts';
import { idSchema as id } from '../../shared/fields.ts';

/** A rate for a destination country (see taxRateInput): set, or replaced where one exists. */
export const setRateInput = taxRateInput;

export const rateIdInput = z.object({ id });

export type SetRateInput = z.infer<typeof setRateInput>;
