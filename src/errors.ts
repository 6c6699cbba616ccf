// One error base for everything obsbench reports to a user: a stable `code`, a message that says
// what was wrong and what to do, and the exit code the CLI uses for it.

export type ObsbenchErrorCode =
  | 'E_SCENARIO_YAML' // the file is not valid YAML
  | 'E_SCENARIO_INVALID' // a field is missing, of the wrong type or out of range
  | 'E_SCENARIO_NOT_FOUND' // path does not exist or holds no scenario
  | 'E_USAGE' // bad command-line arguments
  | 'E_COMPARE_INPUT' // a result, summary or gate file that compare cannot read or pair
  | 'E_ENDPOINT_UNREACHABLE' // the target refused or never answered the pre-flight check
  | 'E_ENDPOINT_NOT_ALLOWED' // the endpoint is not loopback and was not explicitly allowed
  | 'E_TARGET' // the backend misbehaved (crashed, not ready)
  | 'E_STACK' // a backend cannot be installed: Go missing or too old, bad stack/versions, not built
  | 'E_INTERNAL'; // a bug in obsbench

export class ObsbenchError extends Error {
  readonly code: ObsbenchErrorCode;
  /** Process exit code for the CLI: 2 for bad input, 1 otherwise. */
  readonly exitCode: number;

  constructor(code: ObsbenchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ObsbenchError';
    this.code = code;
    this.exitCode = code === 'E_INTERNAL' || code === 'E_TARGET' ? 1 : 2;
  }
}

export function isObsbenchError(error: unknown): error is ObsbenchError {
  return error instanceof ObsbenchError;
}
