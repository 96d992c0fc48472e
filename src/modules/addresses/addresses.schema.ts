import { z } from 'zod';
import { addressFields, idSchema as id } from '../../shared/fields.ts';

/** A new address; the first one a customer saves becomes their default whatever `isDefault` says. */
export const addAddressInput = addressFields.extend({ isDefault: z.boolean().default(false) });

/** An edit replaces the address's fields; `isDefault` true makes it the default, false stops it being one. */
export const updateAddressInput = addressFields.extend({ id, isDefault: z.boolean().optional() });

export const addressIdInput = z.object({ id });

export type AddAddressInput = z.infer<typeof addAddressInput>;
export type UpdateAddressInput = z.infer<typeof updateAddressInput>;
