/** Counters reported by `GET /stats`. */
export interface Stats {
  /**
   * Every HTTP request the server received, whatever its path or outcome
   * (version probes, health checks, pipelines, cursors, refused ones), except
   * requests to `/stats` itself, so that reading the counters does not move them.
   */
  requests: number;
  /** HTTP requests to a pipeline endpoint (`/v2/pipeline`, `/v3/pipeline`). */
  pipelineRequests: number;
  /** Bytes of pipeline request bodies received, and of the JSON answered to them. */
  pipelineRequestBytes: number;
  pipelineResponseBytes: number;
  /** HTTP requests to `/v3/cursor`. */
  cursorRequests: number;
  /** SQL statements executed (each batch step that ran, each execute, each sequence). */
  statements: number;
  /** Times a request waited for another stream's write transaction to end. */
  lockWaits: number;
  /** Streams closed, and rolled back, because their client went quiet. */
  expiredStreams: number;
  /** Responses with an HTTP error status. */
  httpErrors: number;
  /** Streams parked between requests right now. */
  openStreams: number;
  /** Connections opened to the database file right now. */
  connections: number;
  latencyMs: number;
  /** How the WAL is checkpointed, in words. */
  checkpointMode: string;
  /** Whether a commit may run a checkpoint (SQLite's auto-checkpoint), which then waits for it. */
  checkpointOnCommitPath: boolean;
  /** Checkpoints that copied frames so far: on the checkpoint thread, and catch-ups between requests. */
  backgroundCheckpoints: number;
  catchUpCheckpoints: number;
}

export type Counters = Pick<
  Stats,
  | 'requests'
  | 'pipelineRequests'
  | 'pipelineRequestBytes'
  | 'pipelineResponseBytes'
  | 'cursorRequests'
  | 'statements'
  | 'lockWaits'
  | 'expiredStreams'
  | 'httpErrors'
>;

export function zeroCounters(): Counters {
  return {
    requests: 0,
    pipelineRequests: 0,
    pipelineRequestBytes: 0,
    pipelineResponseBytes: 0,
    cursorRequests: 0,
    statements: 0,
    lockWaits: 0,
    expiredStreams: 0,
    httpErrors: 0,
  };
}

/** Reads `GET /stats` from a running server, with its bearer token when it has one. */
export async function fetchStats(url: string, authToken: string | undefined): Promise<Stats> {
  const headers: Record<string, string> = authToken === undefined ? {} : { authorization: `Bearer ${authToken}` };
  const response = await fetch(`${url}/stats`, { headers });
  if (!response.ok) throw new Error(`GET ${url}/stats answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Stats;
}
