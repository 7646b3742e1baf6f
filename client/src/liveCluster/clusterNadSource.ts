// The cluster side of the NAD view and its documents, loaded on first use (it pulls in the Kubernetes client).
import { ClusterError, listNads, readNad } from '../../../kube';
import { connect, explanationLines, type ClusterConnection, type ClusterDeps } from './clusterAccess';
import {
  clusterNadYaml,
  nadTreeOf,
  unreadableNadYaml,
  type ClusterNadAddress,
  type NamespaceNode,
} from './clusterNadTree';

export interface LoadedNadTree {
  /** The context the NADs were read from; undefined when none resolved. */
  readonly context?: string;
  readonly namespaces: readonly NamespaceNode[];
  /** Why nothing is listed: Multus missing, or the explanation of a failure (redacted lines). */
  readonly problem?: { readonly multusMissing: boolean; readonly lines: readonly string[] };
}

export async function loadNadTree(deps: ClusterDeps): Promise<LoadedNadTree> {
  let connection: ClusterConnection | undefined;
  try {
    connection = connect(deps);
    const byNamespace = await listNads(connection.session);
    return { context: connection.session.target.context, namespaces: nadTreeOf(byNamespace, Date.now()) };
  } catch (error) {
    const context = connection?.session.target.context;
    if (error instanceof ClusterError && error.isNotServed) {
      return {
        context,
        namespaces: [],
        problem: { multusMissing: true, lines: ['Multus is not installed (k8s.cni.cncf.io/v1 is not served)'] },
      };
    }
    const lines = explanationLines(error, connection, 'list the NetworkAttachmentDefinitions');
    for (const line of lines) deps.output.appendLine(line);
    return { context, namespaces: [], problem: { multusMissing: false, lines } };
  }
}

export async function readClusterNadText(deps: ClusterDeps, address: ClusterNadAddress): Promise<string> {
  let connection: ClusterConnection | undefined;
  try {
    connection = connect(deps, address.context);
    const nad = await readNad(connection.session, address.namespace, address.name);
    if (!nad) return unreadableNadYaml(address, ['it does not exist (any more); refresh the Cluster NADs view']);
    const { context, server } = connection.session.target;
    return connection.redact(clusterNadYaml(nad, { context, server, readAt: new Date() }));
  } catch (error) {
    return unreadableNadYaml(
      address,
      explanationLines(error, connection, `read NetworkAttachmentDefinition ${address.namespace}/${address.name}`),
    );
  }
}
