/**
 * MaxResults / NextToken paging over an in-memory list, with AWS's habit (Organizations) of sometimes
 * answering an empty page that still carries a NextToken.
 */
import { SimServiceError } from './errors.js';
function encodeToken(state) {
    return Buffer.from(JSON.stringify(state)).toString('base64url');
}
function decodeToken(token, code) {
    try {
        const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
        if (Number.isInteger(state.offset) && Number.isInteger(state.page))
            return state;
    }
    catch {
        // fall through to the error below
    }
    throw new SimServiceError(code, 'The provided NextToken is not valid.');
}
function pageSize(request) {
    if (request.maxResults === undefined || request.maxResults === '')
        return request.defaultSize;
    const size = Number(request.maxResults);
    if (!Number.isInteger(size) || size < 1 || size > request.maxSize) {
        throw new SimServiceError(request.invalidInputCode, `1 validation error detected: Value '${String(request.maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${request.maxSize}`);
    }
    return size;
}
/** One page of `items` for the request. */
export function paginate(items, request) {
    const size = pageSize(request);
    const token = typeof request.nextToken === 'string' && request.nextToken !== '' ? request.nextToken : undefined;
    const { offset, page } = token ? decodeToken(token, request.invalidInputCode) : { offset: 0, page: 0 };
    const every = request.emptyPageEvery ?? 0;
    if (every >= 2 && page % every === every - 1 && offset < items.length) {
        return { items: [], nextToken: encodeToken({ offset, page: page + 1 }) };
    }
    const end = offset + size;
    const slice = items.slice(offset, end);
    return { items: slice, nextToken: end < items.length ? encodeToken({ offset: end, page: page + 1 }) : undefined };
}
//# sourceMappingURL=pagination.js.map