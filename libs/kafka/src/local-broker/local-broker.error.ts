/**
 * Why the local broker could not be fetched, started or stopped. The message always says
 * what to do about it (what to install, which port, which log to read).
 */
export type LocalBrokerErrorCode =
  | 'java-missing'
  | 'java-too-old'
  | 'maven-missing'
  | 'jar-fetch-failed'
  | 'port-in-use'
  | 'version-mismatch'
  | 'format-failed'
  | 'broker-exited'
  | 'start-timeout'
  | 'not-answering'
  | 'lock-timeout';

export class LocalBrokerError extends Error {
  constructor(
    readonly code: LocalBrokerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LocalBrokerError';
  }
}
