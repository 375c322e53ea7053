import { describe, expect, it } from '@jest/globals';
import { at, defined, only } from './elements.js';

describe('reading an element a test expects', () => {
  it('only: the one element, or an error naming what and how many there were', () => {
    expect(only(['a'], 'root')).toBe('a');
    expect(() => only([], 'root')).toThrow('expected exactly one root, got 0: []');
    expect(() => only(['a', 'b'], 'root')).toThrow('expected exactly one root, got 2: ["a","b"]');
  });

  it('at: the element at an index (negative from the end), or an error showing the array', () => {
    expect(at(['a', 'b', 'c'], 1)).toBe('b');
    expect(at(['a', 'b', 'c'], -1)).toBe('c');
    expect(() => at(['a'], 1, 'operation id')).toThrow('expected operation id at index 1, got 1: ["a"]');
    expect(() => at(['a'], -2)).toThrow('expected element at index -2, got 1');
  });

  it('keeps undefined and null elements that are there, and defined() refuses only undefined', () => {
    expect(only([null])).toBeNull();
    expect(defined(0, 'a count')).toBe(0);
    expect(() => defined(undefined, 'the ListRoots handler')).toThrow('expected the ListRoots handler to be defined');
  });
});
