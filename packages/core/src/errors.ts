/** A problem with how the tool was called: bad flag, missing directory. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A problem with the user's configuration file. Exit code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A bug in tb-refs itself. Exit code 2 with a stack trace and a request to report it. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

/** True for errors that describe the user's setup, printed as one line without a stack. */
export function isKnownError(error: unknown): error is UsageError | ConfigError {
  return error instanceof UsageError || error instanceof ConfigError;
}
