import { authedProcedure, router } from '../../trpc/init.ts';
import { addAddressInput, addressIdInput, updateAddressInput } from './addresses.schema.ts';
import { addAddress, listAddresses, removeAddress, updateAddress } from './addresses.service.ts';

/** The signed-in customer's address book; checkout takes one of these, or one typed in. */
export const addressesRouter = router({
  list: authedProcedure.query(({ ctx }) => listAddresses(ctx.db, ctx.user.id)),
  add: authedProcedure.input(addAddressInput).mutation(({ ctx, input }) => addAddress(ctx.db, ctx.user.id, input)),
  update: authedProcedure
    .input(updateAddressInput)
    .mutation(({ ctx, input }) => updateAddress(ctx.db, ctx.user.id, input)),
  remove: authedProcedure
    .input(addressIdInput)
    .mutation(({ ctx, input }) => removeAddress(ctx.db, ctx.user.id, input.id)),
});
