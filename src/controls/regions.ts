/**
 * The commercial AWS regions (partition `aws`) that accounts.yaml accepts, as of late 2026.
 * GovCloud, China and the European Sovereign Cloud are other partitions with their own endpoints and
 * accounts: cisfleet does not target them.
 */

export interface AwsRegion {
  readonly name: string;
  readonly location: string;
  /**
   * Regions launched after March 2019 are disabled by default: every account must enable them (Account
   * Management `EnableRegion`) before StackSets, STS or Config can work there.
   */
  readonly optIn: boolean;
}

export const AWS_REGIONS = [
  { name: 'us-east-1', location: 'US East (N. Virginia)', optIn: false },
  { name: 'us-east-2', location: 'US East (Ohio)', optIn: false },
  { name: 'us-west-1', location: 'US West (N. California)', optIn: false },
  { name: 'us-west-2', location: 'US West (Oregon)', optIn: false },
  { name: 'af-south-1', location: 'Africa (Cape Town)', optIn: true },
  { name: 'ap-east-1', location: 'Asia Pacific (Hong Kong)', optIn: true },
  { name: 'ap-east-2', location: 'Asia Pacific (Taipei)', optIn: true },
  { name: 'ap-south-1', location: 'Asia Pacific (Mumbai)', optIn: false },
  { name: 'ap-south-2', location: 'Asia Pacific (Hyderabad)', optIn: true },
  { name: 'ap-southeast-1', location: 'Asia Pacific (Singapore)', optIn: false },
  { name: 'ap-southeast-2', location: 'Asia Pacific (Sydney)', optIn: false },
  { name: 'ap-southeast-3', location: 'Asia Pacific (Jakarta)', optIn: true },
  { name: 'ap-southeast-4', location: 'Asia Pacific (Melbourne)', optIn: true },
  { name: 'ap-southeast-5', location: 'Asia Pacific (Malaysia)', optIn: true },
  { name: 'ap-southeast-6', location: 'Asia Pacific (New Zealand)', optIn: true },
  { name: 'ap-southeast-7', location: 'Asia Pacific (Thailand)', optIn: true },
  { name: 'ap-northeast-1', location: 'Asia Pacific (Tokyo)', optIn: false },
  { name: 'ap-northeast-2', location: 'Asia Pacific (Seoul)', optIn: false },
  { name: 'ap-northeast-3', location: 'Asia Pacific (Osaka)', optIn: false },
  { name: 'ca-central-1', location: 'Canada (Central)', optIn: false },
  { name: 'ca-west-1', location: 'Canada West (Calgary)', optIn: true },
  { name: 'eu-central-1', location: 'Europe (Frankfurt)', optIn: false },
  { name: 'eu-central-2', location: 'Europe (Zurich)', optIn: true },
  { name: 'eu-west-1', location: 'Europe (Ireland)', optIn: false },
  { name: 'eu-west-2', location: 'Europe (London)', optIn: false },
  { name: 'eu-west-3', location: 'Europe (Paris)', optIn: false },
  { name: 'eu-south-1', location: 'Europe (Milan)', optIn: true },
  { name: 'eu-south-2', location: 'Europe (Spain)', optIn: true },
  { name: 'eu-north-1', location: 'Europe (Stockholm)', optIn: false },
  { name: 'il-central-1', location: 'Israel (Tel Aviv)', optIn: true },
  { name: 'me-south-1', location: 'Middle East (Bahrain)', optIn: true },
  { name: 'me-central-1', location: 'Middle East (UAE)', optIn: true },
  { name: 'mx-central-1', location: 'Mexico (Central)', optIn: true },
  { name: 'sa-east-1', location: 'South America (São Paulo)', optIn: false },
] as const satisfies readonly AwsRegion[];

/** A region name cisfleet accepts. */
export type RegionName = (typeof AWS_REGIONS)[number]['name'];

/** The region names alone, as a non-empty tuple for z.enum. */
export const REGION_NAMES = AWS_REGIONS.map((r) => r.name) as [RegionName, ...RegionName[]];

/** Whether accounts must enable the region before anything can be deployed there (false for unknown names). */
export function isOptInRegion(name: string): boolean {
  return AWS_REGIONS.some((r) => r.name === name && r.optIn);
}
