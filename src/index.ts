/**
 * The Worker entry: HTTP requests go to the Hono app (src/app.ts), Cron
 * Triggers to the scheduled sweeps (src/scheduled.ts).
 */
import { app } from './app.ts';
import { scheduled } from './scheduled.ts';

export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<Env>;
