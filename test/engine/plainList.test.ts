import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainList } from '../../engine';

// Issue 18 point 9: generated lists in messages read as sentences ("Pod a and Pod b can run ...").
test('plainList joins items as a sentence lists them', () => {
  assert.equal(plainList([]), '');
  assert.equal(plainList(['Pod samplepod']), 'Pod samplepod');
  assert.equal(plainList(['Pod samplepod', 'Pod samplepod2']), 'Pod samplepod and Pod samplepod2');
  assert.equal(plainList(['a', 'b', 'c', '3 more']), 'a, b, c and 3 more');
  assert.equal(plainList(['l2', 'l3', 'l3s'], 'or'), 'l2, l3 or l3s');
});
