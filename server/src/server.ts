import { TextDocuments, type Connection, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** Wires the language features to a connection; the features themselves live one per file. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  }));
  documents.listen(connection);
  connection.listen();
}
