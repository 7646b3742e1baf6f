// The engine's public surface for the server, the client and the CLI. Pure: text in, data out.
export { DEFAULT_CLUSTER } from './clusterModel/defaultCluster';
export {
  readClusterFile,
  readClusterDocument,
  CLUSTER_MODEL_FILE,
  UNKNOWN_INTERFACES,
} from './clusterModel/clusterFile';
export type { ClusterModel, ClusterNode, ClusterNad, RunningPod, TakenAddress } from './clusterModel/clusterModel';
export { withClusterNads, clusterModelNotes } from './clusterModel/clusterNads';
export { formatIp, formatPrefix, parseCidr, parseIp, type IpAddress, type IpPrefix } from './address/ipAddress';
export type { NadObject, PodObject } from './manifest/kubernetesObjects';
export { NETWORKS_ANNOTATION } from './manifest/kubernetesObjects';
export {
  parseFile,
  readManifestSet,
  readYamlObjects,
  type ManifestFile,
  type ManifestSet,
} from './manifest/manifestSet';
export { type ManifestDocument, type TextRange } from './manifest/yamlDocuments';
export { mapScalarSource, type ScalarSourceMap } from './manifest/scalarSourceMap';
export { LineIndex } from './manifest/lineIndex';
export { previewPods } from './preview/podPreview';
export { notYetSaid, previewDiagnostics } from './preview/previewFindings';
export type { PodPreview } from './preview/podPreviewModel';
export { formatPreviewText, formatNetworkStatusMap } from './render/previewText';
export { previewToJson } from './render/previewJson';
export { formatNetworkStatusAnnotation, type NetworkStatusEntry } from './multus/networkStatus';
export { checkManifestSet, checkSummaries, ManifestChecker, type CheckOptions } from './validation/checkManifests';
export type { NadFacts } from './validation/crossDocumentRules';
export type { PodNetworks } from './validation/annotationRules';
export { DIAGNOSTIC_CODES, diagnosticScope, leavesUnchecked } from './validation/diagnosticCodes';
export { DIAGNOSTIC_DOCS_FOLDER, diagnosticDocUri } from './validation/diagnosticDocs';
export { plainList } from './text/plainList';
export type { EngineDiagnostic, Severity } from './diagnostics';
export { readHelmTemplate, templateFindings, type HelmTemplate } from './validation/helmTemplate';
export { applySuppressions, hasSuppressionComments } from './validation/suppressions';
export {
  applyRuleSettings,
  checkRepositoryConfig,
  ignoredBy,
  readRepositoryConfig,
  REPOSITORY_CONFIG_FILE,
  type RepositoryConfig,
} from './repositoryConfig/repositoryConfig';
export { asRecord, type Json } from './json/jsonValue';
export { podTemplateOf } from './manifest/podTemplates';
export {
  connectivityOf,
  type ConnectivityMatrix,
  type MatrixCell,
  type NetworkMatrix,
} from './connectivity/connectivityMatrix';
export { topologyOf, type Topology, type TopologyVertex } from './connectivity/topology';
export { formatConnectivityText } from './render/connectivityText';
export { formatTopologyMermaid } from './render/topologyMermaid';
export { formatTopologyDot } from './render/topologyDot';
