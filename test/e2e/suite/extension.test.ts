import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ScanSummary } from '../../../server/src/protocol';
import { codeOf, onDisk, ours, waitFor, workspaceUri } from './helpers';

const EXTENSION_ID = 'sagemaker-lint.sagemaker-lint';

suite('SageMaker Lint in VS Code', () => {
  test('activates for a Terraform workspace and gives .tf files the terraform language', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await waitFor(() => extension.isActive, 'activation (workspaceContains:**/*.tf)');
    const doc = await vscode.workspace.openTextDocument(workspaceUri('main.tf'));
    assert.strictEqual(doc.languageId, 'terraform');
  });

  test('publishes SML001 with its docs link; the preferred quick fix uses the key of kms.tf and is saved', async () => {
    const uri = workspaceUri('main.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const [diagnostic] = await waitFor(() => {
      const d = ours(uri).filter((x) => codeOf(x) === 'SML001');
      return d.length > 0 && d;
    }, 'SML001 on main.tf');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(typeof diagnostic.code === 'object' && diagnostic.code.target.toString().includes('#sml001-volume-kms-key-missing'));
    assert.deepStrictEqual(ours(uri).map(codeOf), ['SML001']);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => a.isPreferred);
    assert.strictEqual(fix?.title, 'Use customer-managed key aws_kms_key.sagemaker (recreates the resource)', titles.join(', '));
    assert.ok(titles.includes('Suppress SML001 here'));
    assert.ok(fix.edit);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    await waitFor(() => ours(uri).length === 0, 'SML001 to go after the fix');
    assert.strictEqual(await doc.save(), true);
    assert.match(await onDisk(uri), /kms_key_id\s+= aws_kms_key\.sagemaker\.arn/);
  });

  test('an unsaved edit of variables.tf re-checks main.tf next to it', async () => {
    const main = workspaceUri('app', 'main.tf');
    await vscode.workspace.openTextDocument(main);
    await waitFor(() => ours(main).some((d) => codeOf(d) === 'SML003'), 'SML003 (AWS-managed key through var.notebook_key)');
    const related = ours(main)[0].relatedInformation?.[0];
    assert.ok(related?.location.uri.path.endsWith('/app/variables.tf'));

    const variables = await vscode.workspace.openTextDocument(workspaceUri('app', 'variables.tf'));
    const edit = new vscode.WorkspaceEdit();
    const line = variables.lineAt(2);
    edit.replace(variables.uri, line.range, '  default = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"');
    assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
    await waitFor(() => ours(main).length === 0, 'main.tf to be clean once the variable names a customer-managed key');
  });

  test('fix-all applies every preferred fix of a file', async () => {
    const uri = workspaceUri('fixall', 'main.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor(() => ours(uri).length === 4, 'four findings on fixall/main.tf');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.sagemaker-lint');
    const fixAll = actions.find((a) => a.kind?.value === 'source.fixAll.sagemaker-lint');
    assert.ok(fixAll?.edit, actions.map((a) => a.title).join(', '));
    assert.strictEqual(await vscode.workspace.applyEdit(fixAll.edit), true);
    await waitFor(() => ours(uri).length === 0, 'fixall/main.tf clean');
    assert.match(doc.getText(), /resource "aws_kms_key"/);
  });

  test('Scan Workspace publishes problems of files that are not open and returns the summary', async () => {
    const model = workspaceUri('other', 'model.tf');
    assert.strictEqual(ours(model).length, 0, 'other/model.tf linted before the scan');
    const summary = await vscode.commands.executeCommand<ScanSummary>('sagemakerLint.scanWorkspace');
    assert.strictEqual(summary.cancelled, false);
    assert.ok(summary.files >= 1 && summary.problems >= 1, JSON.stringify(summary));
    assert.deepStrictEqual(ours(model).map(codeOf), ['SML010']);
  });

  test('Restart Server starts a new server that analyses the open files and their edits', async () => {
    const uri = workspaceUri('other', 'model.tf');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor(() => ours(uri).some((d) => codeOf(d) === 'SML010'), 'SML010 on other/model.tf');
    await vscode.commands.executeCommand('sagemakerLint.restartServer');
    await waitFor(() => ours(uri).some((d) => codeOf(d) === 'SML010'), 'SML010 from the restarted server');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(2, 0), '  enable_network_isolation = true\n');
    assert.strictEqual(await vscode.workspace.applyEdit(edit), true);
    await waitFor(() => ours(uri).length === 0, 'the restarted server to clear SML010 after the edit');
  });
});

suite('SageMaker Lint on untitled documents', () => {
  test('checks a never-saved Terraform document and fixes it in place', async () => {
    const content = 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name          = "nb"\n  instance_type = "ml.t3.medium"\n  role_arn      = "arn:aws:iam::123456789012:role/sagemaker"\n}\n';
    const doc = await vscode.workspace.openTextDocument({ language: 'terraform', content });
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.uri.scheme, 'untitled');
    const found = await waitFor(() => {
      const d = ours(doc.uri);
      return d.some((x) => codeOf(x) === 'SML014') && d;
    }, 'SML014 on the untitled document');
    const sml014 = found.find((x) => codeOf(x) === 'SML014')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, sml014.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Set root_access to Disabled');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    await waitFor(() => !ours(doc.uri).some((x) => codeOf(x) === 'SML014'), 'SML014 to go after the fix');
    assert.match(doc.getText(), /root_access\s*= "Disabled"/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

suite('SageMaker Lint in Jupyter notebooks', () => {
  test('reports in the cell that creates the job, and its quick fix edits that cell', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebooks', 'train.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const training = notebook.cellAt(2).document;
    const found = await waitFor(() => {
      const d = ours(training.uri);
      return d.some((x) => codeOf(x) === 'SML010') && d;
    }, 'SML010 in the training cell');
    assert.deepStrictEqual(ours(notebook.cellAt(1).document.uri), []);
    const sml010 = found.find((x) => codeOf(x) === 'SML010')!;
    assert.strictEqual(training.getText(sml010.range), 'Estimator');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', training.uri, sml010.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Set enable_network_isolation to true');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    await waitFor(() => !ours(training.uri).some((x) => codeOf(x) === 'SML010'), 'SML010 to go after the fix');
    assert.match(training.getText(), /enable_network_isolation=True/);
  });
});
