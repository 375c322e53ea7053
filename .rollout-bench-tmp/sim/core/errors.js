/**
 * An error the simulator returns to the SDK as the real service would: the wire error code (for example
 * `OperationInProgressException`, `AccessDenied`, `ThrottlingException`), a message, and the HTTP status.
 * The protocol layer turns it into the service's own error envelope (query XML or JSON 1.1).
 */
export class SimServiceError extends Error {
    code;
    httpStatus;
    senderFault;
    constructor(code, message, httpStatus = 400, senderFault = true) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
        this.name = code;
    }
}
export const isSimServiceError = (e) => e instanceof SimServiceError;
//# sourceMappingURL=errors.js.map