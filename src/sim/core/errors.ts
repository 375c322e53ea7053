/**
 * An error the simulator returns to the SDK as the real service would: the wire error code (for example
 * `OperationInProgressException`, `AccessDenied`, `ThrottlingException`), a message, and the HTTP status.
 * The protocol layer turns it into the service's own error envelope (query XML or JSON 1.1).
 */
export class SimServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    readonly senderFault = true,
    /** Members of the error shape besides the message (Organizations' `InvalidInputException.Reason`). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }
}

export const isSimServiceError = (e: unknown): e is SimServiceError => e instanceof SimServiceError;
