/**
 * An error with the HTTP status to answer with. The error handler shows the matching page:
 * `throw new HttpError(403, "not a party to this escalation")` shows "You do not have access to
 * this page". The message is logged, never shown.
 */
export class HttpError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.name = "HttpError";
    this.statusCode = statusCode;
  }
}
