import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanCount, humanMegabytes, humanMs } from '../../../src/reporters/format.js';

test('humanCount keeps three significant digits with K/M/G suffixes', () => {
  assert.equal(humanCount(0), '0');
  assert.equal(humanCount(950), '950');
  assert.equal(humanCount(12.345), '12.3');
  assert.equal(humanCount(12_345), '12.3K');
  assert.equal(humanCount(9_950), '9.95K');
  assert.equal(humanCount(999.7), '1K');
  assert.equal(humanCount(1_234_567), '1.23M');
  assert.equal(humanCount(2_500_000_000), '2.5G');
  assert.equal(humanCount(Number.NaN), '-');
});

test('humanMs and humanMegabytes', () => {
  assert.equal(humanMs(0.4123), '0.412');
  assert.equal(humanMs(4.123), '4.12');
  assert.equal(humanMs(41.23), '41.2');
  assert.equal(humanMs(4123.4), '4123');
  assert.equal(humanMegabytes(61_500_000), '61.5');
  assert.equal(humanMegabytes(250_000_000), '250');
  assert.equal(humanMegabytes(1_234), '0.00123');
});
