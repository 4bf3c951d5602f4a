import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { mutate } from '../fuzz/mutate';
import { notebookUnits, quickOutline, treeOutline } from '../../shared-rules/src/python/notebook';
import { Random } from '../support/random';
import { notebook } from '../support/workload';
import { FIXTURES, fixtureFiles } from './python-support';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Strict-JSON notebooks of shapes the quick reader must read as jsonc-parser's tree does. */
const HANDWRITTEN = [
  `{"cells": [{"cell_type": "code", "source": "x = 1"}], "metadata": {}}`,
  `{"metadata": {"kernelspec": {"language": "python"}}, "cells": [{"source": ["a\\n", "b"], "cell_type": "code"}]}`,
  `{"cells": [{"cell_type": "markdown", "source": ["# t"]}, {"cell_type": "code", "source": []}, {"cell_type": "code"}]}`,
  `{"cells": [{"cell_type": "code", "source": ["s = \\"q\\\\\\"\\\\\\\\\\"\\n", "t = '\\u00e9 \\ud83d\\ude80'"]}]}`,
  `{"c\\u0065lls": [{"cell_type": "code", "source": "hidden by an escaped key"}]}`,
  `{"cells": [{"cell_type": "code", "source": "first"}], "cells": [{"cell_type": "code", "source": "second"}]}`,
  `{"cells": [{"cell_type": "code", "cell_type": "markdown", "source": "dup type"}, 7, null, "x", [1]]}`,
  `{"metadata": {"kernelspec": {"language": null}, "language_info": {"name": "R"}}, "cells": []}`,
  `{"metadata": {"kernelspec": {"language": 3}}, "cells": [{"cell_type": "code", "source": [1, "x", {"a": "]"}]}]}`,
  `{"metadata": {"kernelspec": {"language": "Python"}, "language_info": {"name": "julia"}}, "cells": [{"cell_type": "code", "outputs": [{"data": {"text/plain": ["}]{[\\"\\\\"]}}], "source": "ok"}]}`,
  `\r\n  {\r\n\t"cells" :\r\n [ { "cell_type" : "code" , "source" : [ "a" , "b" ] } ] }  `,
  `{"cells": {"not": "a list"}}`,
  `[1, 2]`,
  `{"cells": [], "metadata": {"kernelspec": {"language": "python", "language": "go"}}}`,
];

function corpus(): string[] {
  const files = [...fixtureFiles(FIXTURES), ...fixtureFiles(EXAMPLES)].filter((f) => f.endsWith('.ipynb'));
  const texts = [...HANDWRITTEN, ...files.map((f) => fs.readFileSync(f, 'utf8')), notebook(3, 12, 40_000), notebook(4, 30)];
  const r = new Random(20261123);
  const mutants: string[] = [];
  for (let i = 0; mutants.length < 400 && i < 20_000; i++) {
    const { text } = mutate(texts[i % texts.length], r, texts);
    try {
      JSON.parse(text);
      mutants.push(text);
    } catch {
      // Only strict JSON reaches the quick reader.
    }
  }
  return [...texts, ...mutants];
}

describe('notebook outline without a tree of the whole notebook', () => {
  it('reads every strict-JSON notebook as the jsonc-parser tree does, or leaves it to the tree', () => {
    let quick = 0;
    for (const text of corpus()) {
      const fast = quickOutline(text);
      if (!fast) continue;
      quick++;
      assert.deepStrictEqual(fast, treeOutline('nb.ipynb', text), text.slice(0, 300));
    }
    assert.ok(quick > 100, `${quick} notebooks read quickly`);
  });

  it('leaves what is not strict JSON or not a notebook to the tree, which explains it', () => {
    for (const text of [`{"cells": [],}`, `// c\n{"cells": []}`, `\ufeff{"cells": []}`, `[1, 2]`, `{"cells": 3}`, `{"cells": [`]) {
      assert.strictEqual(quickOutline(text), undefined, text);
    }
    assert.deepStrictEqual(notebookUnits('n.ipynb', `{"cells": [],}`).units, []);
    assert.match(notebookUnits('n.ipynb', `{"cells": 3}`).notice ?? '', /no "cells" list/);
    assert.match(notebookUnits('n.ipynb', `{"cells": [`).notice ?? '', /not a readable notebook/);
  });
});
