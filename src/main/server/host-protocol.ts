/** What browser mode's host thread (host-worker.ts) and the main thread (host.ts) tell each other. */

/** What the host thread is started with. */
export interface HostWorkerData {
  staticRoot: string
  port: number
  token: string
  /** The contract's limit on one call's input (shared/api.ts, which the thread does not load). */
  maxBodyBytes: number
}

/** From the host thread to the main thread. */
export type FromHost =
  | { kind: 'listening'; port: number }
  /** It could not listen (the port taken, say): why, in Node's words. */
  | { kind: 'failed'; message: string }
  /** An API call that passed the checks: its channel (decoded from the path) and its body's bytes. */
  | { kind: 'call'; id: number; channel: string; body: Uint8Array }

/** From the main thread to the host thread. */
export type ToHost = { kind: 'answer'; id: number; status: number; body: string } | { kind: 'close' }
