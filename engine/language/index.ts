// The engine's surface for the language server: the editor-only views (cursor, catalog, references)
// plus the manifest pieces they are read with. The CLI and the client use ../index.ts.
export {
  CNI_VERSIONS,
  CONFLIST_FIELDS,
  type FieldInfo,
  ipamInfo,
  IPAMS,
  pluginFields,
  pluginInfo,
  PLUGINS,
  RANGE_FIELDS,
  ROUTE_FIELDS,
} from './cniFieldCatalog';
export { type ConfigCursor, configCursorAt, decodedIndexAt } from './configCursor';
export { type DocumentSlice, splitDocuments } from '../manifest/documentSlices';
export { describeIpamRanges, type IpamFacts } from './ipamRangeFacts';
export { readNetworkReferences } from './networkReferences';
export { type NadObject, NETWORKS_ANNOTATION, type PodObject, type SourceRef } from '../manifest/kubernetesObjects';
export { type LenientText } from '../manifest/lenientYaml';
export { nodeAtPath } from '../manifest/yamlDocuments';
export { sameInstalledPlugins } from '../plugins/installedPlugins';
