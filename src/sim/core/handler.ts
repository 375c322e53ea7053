import type { Fields } from './input-values.js';
import type { World } from '../model/world.js';
import type { SimSession } from '../model/types.js';

/** The services the simulator speaks, named as in the SigV4 credential scope of the request. */
export type SimServiceName = 'sts' | 'organizations' | 'cloudformation' | 'config' | 'iam' | 'ec2' | 'logs' | 'ssm';

/** One decoded request, whatever its wire protocol. */
export interface SimRequest {
  service: SimServiceName;
  action: string;
  /** Region from the SigV4 credential scope. */
  region: string;
  /** Who signed the request: the session behind the access key id. */
  caller: SimSession;
  /**
   * The input as the SDK sent it, as a plain object with the API's member names: JSON 1.1 bodies as parsed;
   * query bodies unflattened (`Regions.member.1` → `Regions: [...]`, `Parameters.member.1.ParameterKey` →
   * `Parameters: [{ ParameterKey }]`). Query values stay strings: handlers convert numbers and booleans.
   */
  input: Fields;
  requestId: string;
}

/**
 * Serves one action. Returns the output object with the API's member names (Date values for timestamps,
 * arrays for lists); the protocol layer encodes it (XML `<member>` lists for query, epoch seconds for JSON).
 * Throws SimServiceError for modelled errors.
 */
export type ActionHandler = (world: World, request: SimRequest) => Record<string, unknown>;

export type ServiceHandlers = Record<string, ActionHandler>;
