/**
 * A refusal said to the client: its status, a code from the hall's list and a message in plain
 * words, answered as `{ "error": { "code", "message" } }` with `headers` (a `Retry-After`, say).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The one shape of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({
  error: { code, message },
});
