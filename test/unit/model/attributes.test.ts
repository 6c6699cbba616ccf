import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AttributeInterner,
  AttributeList,
  internedAttributes,
  VALUE_BOOL,
  VALUE_DOUBLE,
  VALUE_INT,
  VALUE_STRING,
  VOLATILE_ID,
} from '../../../src/model/index.js';

test('the same (key, type, value) always gets the same id; types, keys and -0 tell ids apart', () => {
  const table = new AttributeInterner();
  const get = table.intern('http.request.method', VALUE_STRING, 'GET');
  assert.equal(get, 1, 'ids start at 1 (0 means not interned)');
  assert.equal(table.intern('http.request.method', VALUE_STRING, 'GET'), get);
  assert.notEqual(table.intern('http.request.method', VALUE_STRING, 'POST'), get);
  assert.notEqual(table.intern('method', VALUE_STRING, 'GET'), get);
  const intOne = table.intern('n', VALUE_INT, 1);
  assert.notEqual(table.intern('n', VALUE_DOUBLE, 1), intOne, 'int 1 and double 1 differ');
  assert.notEqual(table.intern('n', VALUE_BOOL, 1), intOne);
  assert.notEqual(table.intern('d', VALUE_DOUBLE, -0), table.intern('d', VALUE_DOUBLE, 0));
  assert.notEqual(table.intern('s', VALUE_STRING, '1'), table.intern('s', VALUE_INT, 1));
  assert.equal(table.size, 10);
  assert.equal(table.keys[get], 'http.request.method');
  assert.equal(table.strings[get], 'GET');
});

test('addInterned adds the interned attribute with its id; the other add methods clear the id', () => {
  const list = new AttributeList(3);
  const id = internedAttributes.intern('server.port', VALUE_INT, 8080);
  list.addInterned(id);
  list.addInterned(internedAttributes.intern('url.scheme', VALUE_STRING, 'https'));
  assert.deepStrictEqual(
    [list.keys[0], list.types[0], list.numbers[0], list.ids[0]],
    ['server.port', VALUE_INT, 8080, id],
  );
  assert.deepStrictEqual([list.keys[1], list.strings[1]], ['url.scheme', 'https']);
  list.clear();
  list.addString('url.scheme', 'http');
  assert.equal(list.ids[0], 0, 'a slot reused by addString carries no stale id');
});

test('addUniqueString marks a per-item value VOLATILE_ID, so encoders skip their caches for it', () => {
  const list = new AttributeList(2);
  list.addUniqueString('url.path', '/api/v1/orders/8f3k2q');
  assert.deepStrictEqual(
    [list.keys[0], list.types[0], list.strings[0], list.ids[0]],
    ['url.path', VALUE_STRING, '/api/v1/orders/8f3k2q', VOLATILE_ID],
  );
});
