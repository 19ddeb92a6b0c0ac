/**
 * Error types shared by the library, CLI and server. The CLI maps InputError to exit code 2
 * (bad usage or bad input) and anything else to exit code 1 (runtime failure).
 */

/** Bad input: a parameter, file or option the user can fix. The message says what and how. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    /** Where the problem is: a parameter path, or `file:line[:column]`. */
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}
