// The engine's public surface for the server, the client and the CLI. Pure: text in, data out.
export { DEFAULT_CLUSTER } from './clusterModel/defaultCluster';
export { readClusterFile } from './clusterModel/clusterFile';
export type { ClusterModel, ClusterNode } from './clusterModel/clusterModel';
export { formatIp, formatPrefix, parseCidr, type IpPrefix } from './ipam/ipAddress';
export type { NadObject, PodObject } from './manifest/kubernetesObjects';
export { readManifestSet, type ManifestFile, type ManifestSet } from './manifest/manifestSet';
export {
  parseManifestDocuments,
  tooLargeNote,
  MAX_CHECKED_CHARACTERS,
  MAX_CHECKED_DOCUMENTS,
  type ManifestDocument,
  type TextRange,
} from './manifest/yamlDocuments';
export { mapScalarSource, type ScalarSourceMap } from './manifest/scalarSourceMap';
export { LineIndex } from './manifest/lineIndex';
export { previewPods, type PodPreview, type PodInterface } from './preview/podPreview';
export { formatPreviewText, formatNetworkStatusMap } from './render/previewText';
export { previewToJson } from './render/previewJson';
export { formatIpAddress } from './render/ipAddressText';
export { formatIpRoute } from './render/ipRouteText';
export { formatNetworkStatusAnnotation } from './multus/networkStatus';
export { checkManifestSet } from './validation/checkManifests';
export { DIAGNOSTIC_CODES, type DiagnosticCode } from './validation/diagnosticCodes';
export { PLUGIN_SCHEMAS, IPAM_SCHEMAS, NAD_SCHEMA, type SchemaNode } from './validation/schemaRegistry';
export type { EngineDiagnostic, Severity } from './diagnostics';
export {
  connectivityOf,
  type ConnectivityMatrix,
  type MatrixCell,
  type NetworkMatrix,
} from './connectivity/connectivityMatrix';
export { topologyOf, type Topology, type TopologyVertex, type TopologyEdge } from './connectivity/topology';
export { formatConnectivityText } from './render/connectivityText';
export { formatTopologyMermaid } from './render/topologyMermaid';
export { formatTopologyDot } from './render/topologyDot';
