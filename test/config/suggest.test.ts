import { describe, expect, it } from '@jest/globals';
import { isOptInRegion, REGION_NAMES } from '../../src/controls/regions.js';
import { didYouMean, editDistance, nearest } from '../../src/config/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['region', 'region', 0],
    ['us-est-1', 'us-east-1', 1],
    ['nmae', 'name', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('nearest', () => {
  it('finds the region a typo meant', () => {
    expect(nearest('us-est-1', REGION_NAMES)).toBe('us-east-1');
    expect(nearest('eu-wset-1', REGION_NAMES)).toBe('eu-west-1');
  });

  it('ignores case, so a lower-case enum value finds its constant', () => {
    expect(nearest('service_managed', ['SERVICE_MANAGED', 'SELF_MANAGED'])).toBe('SERVICE_MANAGED');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(nearest('banana', ['SERVICE_MANAGED', 'SELF_MANAGED'])).toBeUndefined();
    expect(didYouMean('banana', ['auto', 'create', 'skip'])).toBe('');
  });

  it('phrases a suggestion for a message', () => {
    expect(didYouMean('creat', ['auto', 'create', 'skip'])).toBe(' (did you mean create?)');
  });
});

describe('regions', () => {
  it('lists each region once and flags opt-in ones', () => {
    expect(new Set(REGION_NAMES).size).toBe(REGION_NAMES.length);
    expect(isOptInRegion('ap-southeast-5')).toBe(true);
    expect(isOptInRegion('us-east-1')).toBe(false);
    expect(isOptInRegion('moon-base-1')).toBe(false);
  });
});
