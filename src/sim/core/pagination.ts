/**
 * MaxResults / NextToken paging over an in-memory list, with AWS's habit (Organizations) of sometimes
 * answering an empty page that still carries a NextToken.
 */
import { SimServiceError } from './errors.js';
import { describeValue } from './input-validation.js';

export interface PageRequest {
  /** The request's MaxResults (number, numeric string, or absent). */
  maxResults: unknown;
  /** The request's NextToken. */
  nextToken: unknown;
  /** Page size when MaxResults is absent. */
  defaultSize: number;
  /** Largest MaxResults the API accepts. */
  maxSize: number;
  /** Every Nth page that has items left after it comes back empty (0 = never; N must be >= 2). */
  emptyPageEvery?: number;
  /** The wire error code for a bad MaxResults or NextToken. */
  invalidInputCode: string;
  /** The service's text for a NextToken it did not issue (default: "The provided NextToken is not valid."). */
  invalidTokenMessage?: (token: string) => string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

interface TokenState {
  offset: number;
  page: number;
}

function encodeToken(state: TokenState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function decodeToken(token: string, request: PageRequest): TokenState {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenState;
    if (Number.isInteger(state.offset) && Number.isInteger(state.page)) return state;
  } catch {
    // fall through to the error below
  }
  throw new SimServiceError(
    request.invalidInputCode,
    request.invalidTokenMessage?.(token) ?? 'The provided NextToken is not valid.',
  );
}

function pageSize(request: PageRequest): number {
  if (request.maxResults === undefined || request.maxResults === '') return request.defaultSize;
  const size = Number(request.maxResults);
  if (!Number.isInteger(size) || size < 1 || size > request.maxSize) {
    throw new SimServiceError(
      request.invalidInputCode,
      `1 validation error detected: Value ${describeValue(request.maxResults)} at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${request.maxSize}`,
    );
  }
  return size;
}

/** One page of `items` for the request. */
export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
  const size = pageSize(request);
  const token = typeof request.nextToken === 'string' && request.nextToken !== '' ? request.nextToken : undefined;
  const { offset, page } = token ? decodeToken(token, request) : { offset: 0, page: 0 };
  const every = request.emptyPageEvery ?? 0;
  if (every >= 2 && page % every === every - 1 && offset < items.length) {
    return { items: [], nextToken: encodeToken({ offset, page: page + 1 }) };
  }
  const end = offset + size;
  const slice = items.slice(offset, end);
  return { items: slice, nextToken: end < items.length ? encodeToken({ offset: end, page: page + 1 }) : undefined };
}
