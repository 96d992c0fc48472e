/** How a return's status reads; a status added to src/shared/return-status.ts fails the typecheck here until it has words. */
import type { ReturnStatus } from '../../../../src/shared/return-status.ts';

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  requested: 'Requested',
  approved: 'Approved',
  rejected: 'Rejected',
  received: 'Received',
};
