import { adminProcedure, publicProcedure, router } from '../../trpc/init.ts';
import { countryInput, methodInput, updateMethodInput, updateZoneInput, zoneInput } from './shipping.schema.ts';
import { createMethod, createZone, listZones, methodsFor, updateMethod, updateZone } from './shipping.service.ts';

/** Where the shop ships and for how much: methods per zone of countries. */
export const shippingRouter = router({
  /** The methods a checkout to this country may choose, cheapest first. */
  methods: publicProcedure.input(countryInput).query(({ ctx, input }) => methodsFor(ctx.db, input.country)),
  zones: adminProcedure.query(({ ctx }) => listZones(ctx.db, ctx.actor)),
  createZone: adminProcedure.input(zoneInput).mutation(({ ctx, input }) => createZone(ctx.db, ctx.actor, input)),
  updateZone: adminProcedure.input(updateZoneInput).mutation(({ ctx, input }) => updateZone(ctx.db, ctx.actor, input)),
  createMethod: adminProcedure.input(methodInput).mutation(({ ctx, input }) => createMethod(ctx.db, ctx.actor, input)),
  updateMethod: adminProcedure
    .input(updateMethodInput)
    .mutation(({ ctx, input }) => updateMethod(ctx.db, ctx.actor, input)),
});
