import type { Actor } from '../../db/audit.ts';

/** Who did an admin mutation, for its audit row and ledger rows. */
export function actorOf(ctx: { user: { id: number }; requestId: string; clientIp: string | null }): Actor {
  return { userId: ctx.user.id, requestId: ctx.requestId, clientIp: ctx.clientIp };
}
