import * as assert from 'assert';
import { READ_NODE_TYPES } from '../../../shared-rules/src/terraform/syntax';
import { createParser } from '../../../shared-rules/src/tree-sitter';

describe('terraform syntax reader', () => {
  it('matches node types that no anonymous token of the HCL grammar shares (it skips the named check on a match)', async () => {
    const parser = await createParser('terraform');
    try {
      const language = parser.language;
      assert.ok(language);
      const anonymous = new Set<string>();
      const named = new Set<string>();
      for (let id = 0; id < language.nodeTypeCount; id++) {
        const name = language.nodeTypeForId(id);
        if (name === null) continue;
        (language.nodeTypeIsNamed(id) ? named : anonymous).add(name);
      }
      for (const type of READ_NODE_TYPES) {
        assert.ok(named.has(type), `${type} is a named node type`);
        assert.ok(!anonymous.has(type), `no anonymous token is called ${type}`);
      }
    } finally {
      parser.delete();
    }
  });
});
