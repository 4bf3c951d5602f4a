import * as assert from 'assert';
import { workspace } from './fixtures';
import { TestClient, uriOf } from './lsp-client';

const SETUP = 'import sagemaker\nfrom sagemaker.estimator import Estimator\nrole = "arn:aws:iam::123456789012:role/sm"\n%matplotlib inline\n';
const ESTIMATOR = 'est = Estimator(\n    image_uri="img",\n    role=role,\n    instance_count=1,\n    instance_type="ml.m5.xlarge",\n)\n';

describe('language server: Jupyter notebooks (LSP notebook sync)', () => {
  it('maps findings to the cell they are about and re-analyses when a cell changes', async () => {
    const ws = workspace({});
    const client = await TestClient.start({ folders: [ws.root], settings: { '*': { debounceMs: 10 } } });
    try {
      const notebook = ws.file('explore.ipynb');
      const [setup, notes, training] = await client.openNotebook(notebook, [
        { kind: 'code', text: SETUP },
        { kind: 'markdown', text: '# Training\nEstimator(instance_type="ml.m5.xlarge")\n' },
        { kind: 'code', text: ESTIMATOR },
      ]);
      const inTraining = await client.until('diagnostics of the training cell', () => {
        const d = client.diagnostics.get(training);
        return d && d.length > 0 ? d : undefined;
      });
      assert.ok(inTraining.some((d) => d.code === 'SML010'));
      assert.deepStrictEqual(inTraining.find((d) => d.code === 'SML010')?.range.start, { line: 0, character: 6 });
      assert.deepStrictEqual(client.diagnostics.get(setup), []);
      assert.deepStrictEqual(client.diagnostics.get(notes), []);

      const sml010 = inTraining.find((d) => d.code === 'SML010')!;
      const actions = await client.codeActions(training, sml010.range, [sml010]);
      const set = actions.find((a) => a.isPreferred);
      assert.match(set?.title ?? '', /enable_network_isolation/, JSON.stringify(actions));
      assert.deepStrictEqual(Object.keys(set?.edit?.changes ?? {}), [training]);

      // Typing the flag into the cell clears the finding.
      await client.editCell(notebook, training, 2, { start: { line: 4, character: 33 }, end: { line: 4, character: 33 } }, '\n    enable_network_isolation=True,');
      await client.until('SML010 gone from the training cell', () => {
        const d = client.diagnostics.get(training);
        return d !== undefined && d.length > 0 && !d.some((x) => x.code === 'SML010');
      });
      assert.ok(!uriOf(notebook).startsWith('vscode-notebook-cell'));
    } finally {
      await client.stop();
      ws.remove();
    }
  });
});
