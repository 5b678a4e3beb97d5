// extension.js — the Docket extension for VS Code: starts `docket lsp` (the
// language server, over standard input and output) for .docket files.
// Plain JavaScript, no build step: `npm install` fetches
// vscode-languageclient, then the folder is the extension (see
// docs/editors.md).
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
    const config = vscode.workspace.getConfiguration('docket');
    const command = config.get('path') || 'docket';
    const serverOptions = {
        run: { command, args: ['lsp'], transport: TransportKind.stdio },
        debug: { command, args: ['lsp'], transport: TransportKind.stdio },
    };
    const clientOptions = {
        documentSelector: [{ scheme: 'file', language: 'docket' }, { scheme: 'untitled', language: 'docket' }],
        outputChannelName: 'Docket',
    };
    client = new LanguageClient('docket', 'Docket', serverOptions, clientOptions);
    context.subscriptions.push({ dispose: () => client && client.stop() });
    return client.start();
}

function deactivate() {
    return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
