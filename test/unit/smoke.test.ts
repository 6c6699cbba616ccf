import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AttributeList, VALUE_INT } from '../../src/model/index.js';

test('AttributeList refuses to grow past its capacity', () => {
  const list = new AttributeList(1);
  list.addInt('a', 1);
  assert.equal(list.types[0], VALUE_INT);
  assert.throws(() => list.addInt('b', 2), RangeError);
});
