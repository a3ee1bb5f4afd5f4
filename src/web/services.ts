/**
 * What the web service needs from the rest of Resolve, handed to `buildApp` by the composition
 * root (src/main.ts) and by tests. Routes receive it and never build their own adapters.
 * Add a member here for each use case the pages call, e.g. `raiseEscalation(command)`.
 */
export interface WebServices {
  /** Whether everything the service needs (the database) is reachable right now. */
  ready(): Promise<boolean>;
}
