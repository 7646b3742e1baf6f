// The engine's public surface for the server, the client and the CLI. Pure: text in, data out.
export { DEFAULT_CLUSTER } from './clusterModel/defaultCluster';
export { readClusterFile, readClusterDocument } from './clusterModel/clusterFile';
export type { ClusterModel, ClusterNode, ClusterNad, TakenAddress } from './clusterModel/clusterModel';
export { withClusterNads, clusterModelNotes, type NadsWithCluster } from './clusterModel/clusterNads';
export { formatIp, formatPrefix, parseCidr, parseIp, type IpAddress, type IpPrefix } from './address/ipAddress';
export type { NadObject, PodObject } from './manifest/kubernetesObjects';
export { readManifestSet, readYamlObjects, type ManifestFile, type ManifestSet } from './manifest/manifestSet';
export { parseManifestDocuments, type ManifestDocument, type TextRange } from './manifest/yamlDocuments';
export { mapScalarSource, type ScalarSourceMap } from './manifest/scalarSourceMap';
export { LineIndex } from './manifest/lineIndex';
export { previewPods } from './preview/podPreview';
export type { PodPreview } from './preview/podPreviewModel';
export { formatPreviewText, formatNetworkStatusMap } from './render/previewText';
export { previewToJson } from './render/previewJson';
export { formatIpRoute } from './render/ipRouteText';
export { formatNetworkStatusAnnotation, type NetworkStatusEntry } from './multus/networkStatus';
export { checkManifestSet, type CheckOptions } from './validation/checkManifests';
export {
  DIAGNOSTIC_CODES,
  diagnosticScope,
  workspaceDiagnosticCodes,
  type DiagnosticCode,
  type DiagnosticScope,
} from './validation/diagnosticCodes';
export { PLUGIN_SCHEMAS } from './validation/schemaRegistry';
export type { EngineDiagnostic, Severity } from './diagnostics';
export { readHelmTemplate, templateFindings, type HelmTemplate } from './validation/helmTemplate';
export { applySuppressions, type SuppressionOptions } from './validation/suppressions';
export {
  applyRuleSettings,
  checkRepositoryConfig,
  type ConfigProblem,
  ignoredBy,
  readRepositoryConfig,
  REPOSITORY_CONFIG_FILE,
  type RepositoryConfig,
  type RuleSetting,
} from './repositoryConfig/repositoryConfig';
export { asRecord, type Json } from './json/jsonValue';
export { podTemplateOf } from './manifest/podTemplates';
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
